/**
 * The root of Eventline's error tree. `code` is stable and machine-readable, the
 * message is for a person and says what to do; `retriable` tells callers whether the
 * same call may succeed later (a broker coming back) or never will (bad input).
 */
export class EventlineError extends Error {
  readonly code: string;
  readonly retriable: boolean;
  readonly httpStatus: number;

  constructor(message: string, opts: { code: string; retriable?: boolean; httpStatus?: number; cause?: unknown }) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.code = opts.code;
    this.retriable = opts.retriable ?? false;
    this.httpStatus = opts.httpStatus ?? 500;
  }
}
