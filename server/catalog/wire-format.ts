/** Confluent wire format: magic byte 0, a 4-byte big-endian schema id, then the encoded payload. */
export const WIRE_HEADER_BYTES = 5;

/** The schema id of a payload in the Confluent wire format, or null if the bytes are not in it. */
export function wireSchemaId(buf: Buffer | null): number | null {
  if (buf === null || buf.length < WIRE_HEADER_BYTES || buf[0] !== 0) return null;
  return buf.readUInt32BE(1);
}

/** JSON for decoded values: Avro bytes and fixed as hex, longs and bigints as strings. */
export function stringifyDecoded(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === 'bigint') return v.toString();
      if (v && typeof v === 'object' && (v as { type?: unknown }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data)) {
        return Buffer.from((v as { data: number[] }).data).toString('hex');
      }
      return v;
    },
    2,
  );
}
