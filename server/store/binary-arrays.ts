// One-dimensional PostgreSQL arrays in the binary wire format (array_recv), for batch
// statements that take one array per column (`unnest($1::text[], $2::int8[], …)`).
//
// Why: the collector hands PostgreSQL ~10,000 rows of ~1 KB per statement. As a json
// document the backend spends most of its time parsing it (measured: 46 µs/event of
// backend CPU for json_to_recordset against 27 for these arrays); as array literals Node
// spends 4-10 µs/event escaping quotes and PostgreSQL parses them back. Binary arrays
// are length-prefixed bytes: no escaping here, no parsing there but UTF-8 validation.
//
// A Buffer parameter travels as binary on both executors (node-postgres does it for any
// Buffer; pglite-executor.ts passes these through). Each array's element type must match
// the parameter's cast exactly (`$1::text[]` takes TEXT elements): array_recv refuses others.
export const ELEMENT_OID = { bool: 16, int8: 20, int4: 23, text: 25, jsonb: 3802, timestamptz: 1184 } as const;

/** Array types this file writes: pglite-executor.ts passes a Buffer for these through untouched. */
export const BINARY_ARRAY_OIDS = [1000, 1016, 1007, 1009, 3807, 1185] as const; // bool[], int8[], int4[], text[], jsonb[], timestamptz[]

const HEADER = 20;
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);

function header(buf: Buffer, elementOid: number, n: number) {
  buf.writeInt32BE(1, 0); // dimensions
  buf.writeInt32BE(1, 4); // may hold NULLs (array_recv reads it as a hint only)
  buf.writeInt32BE(elementOid, 8);
  buf.writeInt32BE(n, 12);
  buf.writeInt32BE(1, 16); // lower bound
}

/**
 * Buffer's native UTF-8 writer, without `write`'s argument checks: this runs once per
 * column per row (~20 per event). Returns the bytes written.
 */
const utf8Write: (buf: Buffer, s: string, at: number) => number =
  typeof (Buffer.prototype as { utf8Write?: unknown }).utf8Write === 'function'
    ? (buf, s, at) => (buf as Buffer & { utf8Write(s: string, at: number): number }).utf8Write(s, at)
    : (buf, s, at) => buf.write(s, at);

/** text[] (or jsonb[] with `jsonb`, each element JSON text); null elements are NULL. */
export function textArray(values: readonly (string | null)[], jsonb = false): Buffer {
  const extra = jsonb ? 1 : 0;
  // Sized for ASCII, grown when a value may not fit: one native call per value, no
  // byteLength pass (a UTF-16 unit is at most 3 UTF-8 bytes).
  let chars = 0;
  for (const v of values) if (v !== null) chars += v.length;
  let buf = Buffer.allocUnsafe(HEADER + values.length * (4 + extra) + chars + (chars >> 4) + 64);
  header(buf, jsonb ? ELEMENT_OID.jsonb : ELEMENT_OID.text, values.length);
  let at = HEADER;
  for (const v of values) {
    if (v === null) {
      buf.writeInt32BE(-1, at);
      at += 4;
      continue;
    }
    const need = at + 4 + extra + v.length * 3;
    if (need > buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(need, buf.length * 2));
      buf.copy(bigger, 0, 0, at);
      buf = bigger;
    }
    const start = at;
    at += 4;
    if (jsonb) buf[at++] = 1; // jsonb's binary format: a version byte, then the text
    const n = utf8Write(buf, v, at);
    at += n;
    buf.writeInt32BE(n + extra, start);
  }
  return buf.subarray(0, at);
}

/** An array of fixed-width elements, each written by `put` at its offset. */
function fixedWidthArray<T>(elementOid: number, values: readonly T[], width: number, put: (buf: Buffer, v: T, at: number) => void): Buffer {
  const buf = Buffer.allocUnsafe(HEADER + values.length * (4 + width));
  header(buf, elementOid, values.length);
  let at = HEADER;
  for (const v of values) {
    buf.writeInt32BE(width, at);
    put(buf, v, at + 4);
    at += 4 + width;
  }
  return buf;
}

export const int4Array = (values: readonly number[]): Buffer => fixedWidthArray(ELEMENT_OID.int4, values, 4, (buf, v, at) => buf.writeInt32BE(v, at));

/** int8[] from decimal strings (Kafka offsets) or bigints. */
export const int8Array = (values: readonly (string | bigint)[]): Buffer =>
  fixedWidthArray(ELEMENT_OID.int8, values, 8, (buf, v, at) => buf.writeBigInt64BE(typeof v === 'bigint' ? v : BigInt(v), at));

/** timestamptz[] from milliseconds since the epoch (stored as µs since 2000-01-01). */
export const timestamptzArray = (ms: readonly number[]): Buffer =>
  fixedWidthArray(ELEMENT_OID.timestamptz, ms, 8, (buf, m, at) => {
    // Exact as a double up to ±2^53 µs (±285 years around 2000); beyond, BigInt.
    const us = (m - PG_EPOCH_MS) * 1000;
    if (Number.isSafeInteger(us)) {
      buf.writeInt32BE(Math.floor(us / 2 ** 32), at);
      buf.writeUInt32BE(us >>> 0, at + 4);
    } else buf.writeBigInt64BE(BigInt(m - PG_EPOCH_MS) * 1000n, at);
  });

export const boolArray = (values: readonly boolean[]): Buffer => fixedWidthArray(ELEMENT_OID.bool, values, 1, (buf, v, at) => void (buf[at] = v ? 1 : 0));

/** One array of the elements of several arrays of one type, in order (e.g. the batches of one write). */
export function concatArrays(arrays: readonly Buffer[]): Buffer {
  if (arrays.length === 1) return arrays[0]!;
  const head = Buffer.allocUnsafe(HEADER);
  let n = 0;
  for (const a of arrays) n += a.readInt32BE(12);
  header(head, arrays[0]!.readInt32BE(8), n);
  return Buffer.concat([head, ...arrays.map((a) => a.subarray(HEADER))]);
}
