// How one header or payload value becomes an id. Each parser is named, so the
// conventions (id-conventions.ts) stay data and the precedence table can print them.
// A parser returns null when the value is not what its convention writes: the next
// source (or convention) is tried, as if the value were absent.

export interface RawValue {
  /** The value as text: UTF-8 header bytes, or a JSON string/number. Null when not text. */
  text: string | null;
  /** The header's bytes, when the value came from a header. */
  bytes: Buffer | null;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const HEX = /^[0-9a-f]+$/;
const allZero = (s: string) => /^0+$/.test(s);

/** The trace id of a W3C traceparent, or null if it is malformed (all-zero ids are invalid too). */
export function traceIdOf(traceparent: string): string | null {
  const m = TRACEPARENT.exec(traceparent.trim().toLowerCase());
  if (!m || m[1] === 'ff' || allZero(m[2]!) || allZero(m[3]!)) return null;
  return m[2]!;
}

/** A B3 or Jaeger trace id: 16 or 32 hex digits, lower case, not all zero. */
function hexTraceId(s: string | undefined, padTo?: boolean): string | null {
  if (!s) return null;
  let id = s.trim().toLowerCase();
  if (!HEX.test(id) || id.length > 32) return null;
  // Jaeger drops leading zeros; B3 does not. Pad to the 64- or 128-bit width.
  if (padTo) id = id.padStart(id.length <= 16 ? 16 : 32, '0');
  if ((id.length !== 16 && id.length !== 32) || allZero(id)) return null;
  return id;
}

function uuidOf(b: Buffer): string {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const printable = (s: string) => s.length > 0 && !/[\u0000-\u001f\u007f]/.test(s);

export const idParsers = {
  /** The value as it is. */
  text: (v: RawValue) => v.text,
  /** W3C `traceparent` → its 32-hex trace id. */
  traceparent: (v: RawValue) => (v.text === null ? null : traceIdOf(v.text)),
  /** B3 single header `{traceId}-{spanId}[-{sampled}[-{parentSpanId}]]` → trace id; a lone sampling flag (`0`, `1`, `d`) has none. */
  'b3-single': (v: RawValue) => hexTraceId(v.text?.split('-')[0]),
  /** `X-B3-TraceId` → trace id (16 or 32 hex). */
  'b3-trace-id': (v: RawValue) => hexTraceId(v.text ?? undefined),
  /** Jaeger `uber-trace-id` `{trace-id}:{span-id}:{parent-span-id}:{flags}` (`%3A` allowed) → trace id, zero-padded. */
  'uber-trace-id': (v: RawValue) => {
    const parts = v.text?.replace(/%3A/gi, ':').split(':');
    return parts && parts.length === 4 ? hexTraceId(parts[0], true) : null;
  },
  /**
   * Spring's `kafka_correlationId` is bytes: ReplyingKafkaTemplate writes a random UUID as
   * 16 big-endian bytes. 16 bytes → the UUID's text form; other printable UTF-8 → as is;
   * anything else → lower-case hex. Request and reply carry the same bytes, so they meet.
   */
  'spring-bytes': (v: RawValue) => {
    if (v.bytes) {
      if (v.bytes.length === 16) return uuidOf(v.bytes);
      if (v.bytes.length === 0) return null;
      const s = v.text;
      return s !== null && printable(s) ? s : v.bytes.toString('hex');
    }
    return v.text;
  },
  /** NServiceBus `EnclosedMessageTypes`: `;`-separated assembly-qualified names → the first type's full name. */
  'first-type-name': (v: RawValue) => v.text?.split(';')[0]?.split(',')[0]?.trim() || null,
} satisfies Record<string, (v: RawValue) => string | null>;

export type IdParser = keyof typeof idParsers;

/**
 * A partition or offset of a dead-letter header. `binary`: Spring writes the partition as a
 * 4-byte and the offset as an 8-byte big-endian integer. `decimal`: Kafka Connect writes
 * both as decimal text. Null when the bytes are neither.
 */
export function decodeNumberHeader(bytes: Buffer | null, encoding: 'binary' | 'decimal', width: 4 | 8): string | null {
  if (!bytes) return null;
  if (encoding === 'binary' && bytes.length === width) {
    const n = width === 4 ? BigInt(bytes.readInt32BE(0)) : bytes.readBigInt64BE(0);
    return n >= 0n ? String(n) : null;
  }
  const s = bytes.toString('utf8').trim();
  return /^\d{1,19}$/.test(s) ? String(BigInt(s)) : null;
}
