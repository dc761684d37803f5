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
  const bounded: ApiErrorBody = { error: { ...body.error, message: clipEchoes(body.error.message), details: clipDeep(body.error.details) } };
  if (bounded.error.details === undefined) delete bounded.error.details;
  return new Response(JSON.stringify(bounded), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** Most characters of one piece of user input an error repeats (a topic name, a pasted value, a JSON key). */
export const MAX_ECHO_CHARS = 200;
/** Backstop for a message whose input has spaces and quotes in it: no message is longer. */
const MAX_MESSAGE_CHARS = 1000;
// Our messages quote what the user sent ("name"), and so do zod's; input can also come
// bare (a path, a key). A quoted run or a run without white space longer than the cap
// is user input in practice: nothing Eventline writes itself is that long.
const LONG_RUN = new RegExp(`(["'])([^"']{${MAX_ECHO_CHARS + 1},})\\1|\\S{${MAX_ECHO_CHARS + 1},}`, 'g');
const clip = (input: string) => `${input.slice(0, MAX_ECHO_CHARS)}… (${input.length - MAX_ECHO_CHARS} more characters)`;

/**
 * The one place an error message's echo of user input is bounded: every error the API
 * answers passes here, so no constructor has to remember it.
 */
export function clipEchoes(text: string): string {
  const clipped = text.replace(LONG_RUN, (run, quote: string | undefined, quoted: string | undefined) =>
    quote && quoted !== undefined ? `${quote}${clip(quoted)}${quote}` : clip(run),
  );
  return clipped.length > MAX_MESSAGE_CHARS ? `${clipped.slice(0, MAX_MESSAGE_CHARS)}…` : clipped;
}

/** The same for the strings inside `details` (zod issues carry paths and unknown keys). */
function clipDeep(value: unknown): unknown {
  if (typeof value === 'string') return clipEchoes(value);
  if (Array.isArray(value)) return value.map(clipDeep);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [clipEchoes(k), clipDeep(v)]));
  return value;
}
