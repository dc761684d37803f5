import { ZodError } from 'zod';
import type { ApiErrorBody } from '../../lib/session-types';
import { EventlineError } from '../../lib/eventline-error';
import type { Logger } from '../log/logger';

/** Maps any thrown error to a status and the one API error body shape. */
export function errorResponse(err: unknown, log: Logger): Response {
  if (err instanceof ZodError) {
    const first = err.issues[0];
    const where = first?.path.length ? `${first.path.join('.')}: ` : '';
    return json(422, { error: { code: 'INVALID_INPUT', message: `${where}${first?.message ?? 'invalid input'}`, details: err.issues } });
  }
  if (err instanceof EventlineError) {
    const headers: Record<string, string> = {};
    const retryAfter = (err as { retryAfterSeconds?: number }).retryAfterSeconds;
    if (retryAfter) headers['retry-after'] = String(retryAfter);
    if (err.httpStatus >= 500) log.warn(err.message, { code: err.code });
    return json(err.httpStatus, { error: { code: err.code, message: err.message, retriable: err.retriable } }, headers);
  }
  if (err instanceof SyntaxError) {
    return json(400, { error: { code: 'BAD_JSON', message: 'The request body is not valid JSON.' } });
  }
  log.error('unhandled error in API route', { error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  return json(500, { error: { code: 'INTERNAL', message: 'Something went wrong inside Eventline; the server log has the details.' } });
}

function json(status: number, body: ApiErrorBody, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}
