/** Confluent wire format: magic byte 0, a 4-byte big-endian schema id, then the encoded payload. */
export const WIRE_HEADER_BYTES = 5;

/** The schema id of a payload in the Confluent wire format, or null if the bytes are not in it. */
export function wireSchemaId(buf: Buffer | null): number | null {
  if (buf === null || buf.length < WIRE_HEADER_BYTES || buf[0] !== 0) return null;
  return buf.readUInt32BE(1);
}

/** Message nesting deeper than this is taken for bad bytes, not a schema. */
const MAX_INDEX_DEPTH = 64;

/**
 * Confluent Protobuf puts, between the schema id and the message, the path to the record's
 * message type in the schema: its index among the file's top-level messages, then among that
 * message's nested ones, and so on. The path is a zigzag varint count followed by each index
 * as a zigzag varint (Confluent's ByteUtils.writeVarint); a lone 0 stands for [0], the first
 * message. Null when the bytes cannot be such a path.
 */
export function readMessageIndexes(buf: Buffer, at = WIRE_HEADER_BYTES): { indexes: number[]; next: number } | null {
  const first = readZigzag(buf, at);
  if (first === null || first.value < 0 || first.value > MAX_INDEX_DEPTH) return null;
  if (first.value === 0) return { indexes: [0], next: first.next };
  const indexes: number[] = [];
  let pos = first.next;
  for (let i = 0; i < first.value; i++) {
    const v = readZigzag(buf, pos);
    if (v === null || v.value < 0) return null;
    indexes.push(v.value);
    pos = v.next;
  }
  return { indexes, next: pos };
}

/** A signed 32-bit zigzag varint at `at`, or null when the bytes end or run past 5 bytes. */
function readZigzag(buf: Buffer, at: number): { value: number; next: number } | null {
  let raw = 0;
  for (let i = 0; i < 5; i++) {
    const b = buf[at + i];
    if (b === undefined) return null;
    raw += (b & 0x7f) * 2 ** (7 * i);
    if ((b & 0x80) === 0) {
      const value = raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
      return { value, next: at + i + 1 };
    }
  }
  return null;
}

/** JSON for decoded values: Avro bytes and fixed as hex, longs and bigints as strings. Indented when `indent` is given. */
export function stringifyDecoded(value: unknown, indent: number | undefined = 2): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === 'bigint') return v.toString();
      if (v && typeof v === 'object' && (v as { type?: unknown }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data)) {
        return Buffer.from((v as { data: number[] }).data).toString('hex');
      }
      return v;
    },
    indent,
  );
}
