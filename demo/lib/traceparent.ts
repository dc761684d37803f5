// W3C Trace Context `traceparent`: 00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>.
// https://www.w3.org/TR/trace-context/#traceparent-header
//
// The demo's correlation ids are 32 lowercase hex characters, which is exactly the shape of a
// W3C trace id. That lets one service (shipping-service) carry the correlation only inside
// `traceparent`, the way an OpenTelemetry-instrumented service would, while every other
// service uses `x-correlation-id`: a reader that takes "the trace id of traceparent" as the
// correlation id stitches both conventions into one journey.

const traceIdPattern = /^[0-9a-f]{32}$/;
const spanIdPattern = /^[0-9a-f]{16}$/;
const traceparentPattern = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export interface TraceContext {
  traceId: string;
  parentId: string;
  sampled: boolean;
}

export function isTraceId(value: string): boolean {
  return traceIdPattern.test(value) && !/^0+$/.test(value);
}

export function formatTraceparent({ traceId, parentId, sampled }: TraceContext): string {
  if (!isTraceId(traceId)) throw new Error(`Invalid trace id "${traceId}": need 32 lowercase hex, not all zero`);
  if (!spanIdPattern.test(parentId) || /^0+$/.test(parentId)) {
    throw new Error(`Invalid parent id "${parentId}": need 16 lowercase hex, not all zero`);
  }
  return `00-${traceId}-${parentId}-${sampled ? '01' : '00'}`;
}

/** Parses a version-00 traceparent; returns null for anything malformed (never throws). */
export function parseTraceparent(value: string): TraceContext | null {
  const match = traceparentPattern.exec(value.trim().toLowerCase());
  if (!match) return null;
  const [, version, traceId, parentId, flags] = match as unknown as [string, string, string, string, string];
  if (version === 'ff' || /^0+$/.test(traceId) || /^0+$/.test(parentId)) return null;
  return { traceId, parentId, sampled: (parseInt(flags, 16) & 1) === 1 };
}

/**
 * The span id a producer would have given the "send" of this event: derived from the event id
 * (a UUID) so that a consumer reading `traceparent` can tell which event it came from.
 */
export function spanIdForEvent(eventId: string): string {
  const hex = eventId.replace(/-/g, '').toLowerCase().slice(0, 16);
  if (!spanIdPattern.test(hex) || /^0+$/.test(hex)) {
    throw new Error(`Cannot derive a span id from event id "${eventId}"`);
  }
  return hex;
}
