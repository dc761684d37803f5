import { EventlineError } from '../../lib/eventline-error';

/** Largest request body the API reads: every form and write body is a few KB of JSON. */
export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends EventlineError {
  constructor(limit: number) {
    super(`The request body is larger than ${Math.round(limit / 1024)} KB, the most the API accepts; send less.`, {
      code: 'BODY_TOO_LARGE',
      httpStatus: 413,
    });
  }
}

export class RouteNotFoundError extends EventlineError {
  constructor(method: string, path: string) {
    super(`No API route ${method} ${path}`, { code: 'NOT_FOUND', httpStatus: 404 });
  }
}
