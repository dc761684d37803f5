import { EventlineError } from '../../lib/eventline-error';

export class TraceNotFoundError extends EventlineError {
  constructor(readonly correlationId: string) {
    super(`Trace "${correlationId}" is not in the store (never collected, or removed by retention).`, { code: 'TRACE_NOT_FOUND', httpStatus: 404 });
  }
}

export class EventNotFoundError extends EventlineError {
  constructor(readonly id: string) {
    super(`Event "${id}" is not in the store (never collected, or removed by retention).`, { code: 'EVENT_NOT_FOUND', httpStatus: 404 });
  }
}
