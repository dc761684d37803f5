// Record batches (magic 2) of a Fetch answer, decoded into the very objects kafkajs 2.2.4's
// recordBatch/v0/decoder.js and record/v0/decoder.js make, so that every kafkajs caller
// (the consumer's Batch, our readers) sees no difference. What it saves: kafkajs built a
// Long and a string round trip for every offset and timestamp, a Decoder object per
// record and per batch, a fresh headers object per header (a spreading reduce), and a
// promise per batch. Here offsets and timestamps are number arithmetic while they fit in
// 2^53 (they do in practice), with BigInt as the exact fallback (unwrapped past int64, as
// kafkajs's BigInt-backed Long); keys, values and header
// values are views into the answer, as kafkajs's are.
import { createRequire } from 'node:module';
import { decompressBatchSync } from './compression-codecs';

const requireKafkajs = createRequire(import.meta.url);
const { lookupCodecByAttributes } = requireKafkajs('kafkajs/src/protocol/message/compression/index.js') as {
  lookupCodecByAttributes(attributes: number): { decompress(b: Buffer): Promise<Buffer> } | null;
};
const { KafkaJSInvalidLongError } = requireKafkajs('kafkajs/src/errors.js') as { KafkaJSInvalidLongError: new (m: string) => Error };

/** kafkajs's batchContext: one object shared by every record of a batch. */
export interface DecodedBatchContext {
  firstOffset: string;
  firstTimestamp: string;
  partitionLeaderEpoch: number;
  inTransaction: boolean;
  isControlBatch: boolean;
  lastOffsetDelta: number;
  producerId: string;
  producerEpoch: number;
  firstSequence: number;
  maxTimestamp: string;
  timestampType: number;
  magicByte: number;
}

export interface DecodedRecord {
  magicByte: number;
  attributes: number;
  timestamp: string;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer | Buffer[] | null>;
  isControlRecord: boolean;
  batchContext: DecodedBatchContext;
}

/** The header name last seen at each length below 64 bytes (headerKey). */
const RECENT_KEYS: (string | undefined)[] = new Array(64).fill(undefined);

/** offset(8) + length(4): the batch length counts the bytes after these. */
const LENGTH_PREFIX = 12;
/** kafkajs decodes another batch only while this many bytes remain (v4/decodeMessages.js). */
export const RECORD_BATCH_OVERHEAD = 49;
/** Bytes of a v2 batch header, up to and including the record count. */
const BATCH_HEADER = 61;
const TIMESTAMP_TYPE_FLAG = 0x8;
const TRANSACTIONAL_FLAG = 0x10;
const CONTROL_FLAG = 0x20;
const CODEC_MASK = 0x07;
const LOG_APPEND_TIME = 1;
const TWO_32 = 4294967296;
/** An int64 whose high word is inside ±2^21 is inside ±2^53: exact as a number. */
const SAFE_HIGH_WORD = 0x200000;

/** An int64 at `at` as a number, or NaN when it is not exact as one. */
export function int64Number(buf: Buffer, at: number): number {
  const hi = buf.readInt32BE(at);
  return hi > -SAFE_HIGH_WORD && hi < SAFE_HIGH_WORD ? hi * TWO_32 + buf.readUInt32BE(at + 4) : Number.NaN;
}

/** An int64 at `at` as kafkajs writes it (Long#toString). */
export function int64String(buf: Buffer, at: number): string {
  const n = int64Number(buf, at);
  return Number.isNaN(n) ? buf.readBigInt64BE(at).toString() : String(n);
}

/** A position in a buffer, reading Kafka's varints the way kafkajs's Decoder does. */
export class WireReader {
  constructor(
    readonly buf: Buffer,
    public pos: number,
  ) {}

  /** kafkajs's readVarInt, bit for bit (its 32-bit overflow included). */
  varint(): number {
    const buf = this.buf;
    let byte: number;
    let result = 0;
    let shift = 0;
    do {
      byte = buf[this.pos++]!;
      result += (byte & 0x7f) << shift;
      shift += 7;
    } while (byte >= 0x80);
    return (result >>> 1) ^ -(result & 1);
  }

  /** A zigzag varlong as a number when it has at most 7 bytes (under 2^49), else NaN with the position unchanged. */
  varlongNumber(): number {
    const buf = this.buf;
    const start = this.pos;
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 7; i++) {
      const byte = buf[this.pos++]!;
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result % 2 === 0 ? result / 2 : -(result + 1) / 2;
      scale *= 128;
    }
    this.pos = start;
    return Number.NaN;
  }

  /** Any zigzag varlong, as kafkajs's (BigInt-backed, unwrapped) Long reads it; more than 10 bytes is refused as kafkajs refuses it. */
  varlongBig(): bigint {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (shift > 63n) throw new KafkaJSInvalidLongError('Invalid Long, must contain 9 bytes or less');
      const byte = this.buf[this.pos++]!;
      result += BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) break;
    }
    return (result >> 1n) ^ -(result & 1n);
  }

  varBytes(): Buffer | null {
    const length = this.varint();
    if (length === -1) return null;
    const bytes = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return bytes;
  }

  /**
   * A header name as kafkajs reads it (String of the text, so a null name is "null"). The
   * same few names come in every record: an ASCII name seen last at its length is compared
   * byte for byte and shared, rather than decoded into a new string each time.
   */
  headerKey(): string {
    const length = this.varint();
    if (length === -1) return 'null';
    const buf = this.buf;
    const at = this.pos;
    this.pos += length;
    const known = length < RECENT_KEYS.length ? RECENT_KEYS[length] : undefined;
    if (known !== undefined) {
      let same = true;
      for (let i = 0; i < length; i++) {
        if (buf[at + i] !== known.charCodeAt(i)) {
          same = false;
          break;
        }
      }
      if (same) return known;
    }
    const text = buf.toString('utf8', at, at + length);
    // Only ASCII (one byte per character) can be told equal by comparing bytes to characters.
    if (length < RECENT_KEYS.length && text.length === length) RECENT_KEYS[length] = text;
    return text;
  }

  varString(): string | null {
    const length = this.varint();
    if (length === -1) return null;
    const text = this.buf.toString('utf8', this.pos, this.pos + length);
    this.pos += length;
    return text;
  }
}

/** The numbers behind a batch's strings, for cheap per-record arithmetic (NaN: not exact, use BigInt). */
interface BatchNumbers {
  ctx: DecodedBatchContext;
  baseOffset: number;
  firstTimestamp: number;
  logAppendTime: boolean;
}

function readBatchContext(buf: Buffer, at: number): DecodedBatchContext {
  const attributes = buf.readInt16BE(at + 21);
  return {
    firstOffset: int64String(buf, at),
    firstTimestamp: int64String(buf, at + 27),
    partitionLeaderEpoch: buf.readInt32BE(at + 12),
    inTransaction: (attributes & TRANSACTIONAL_FLAG) > 0,
    isControlBatch: (attributes & CONTROL_FLAG) > 0,
    lastOffsetDelta: buf.readInt32BE(at + 23),
    producerId: int64String(buf, at + 43),
    producerEpoch: buf.readInt16BE(at + 51),
    firstSequence: buf.readInt32BE(at + 53),
    maxTimestamp: int64String(buf, at + 35),
    timestampType: (attributes & TIMESTAMP_TYPE_FLAG) > 0 ? LOG_APPEND_TIME : 0,
    magicByte: buf.readInt8(at + 16),
  };
}

/**
 * Decodes the batches in buf[start, end) into `out`. A last batch cut short by the
 * answer's byte limit is dropped, as kafkajs drops it (the next Fetch starts there).
 * Synchronous unless a batch needs a codec with no synchronous path.
 */
export function decodeRecordBatches(buf: Buffer, start: number, end: number, out: DecodedRecord[] = []): DecodedRecord[] | Promise<DecodedRecord[]> {
  let at = start;
  while (end - at >= RECORD_BATCH_OVERHEAD) {
    const batchEnd = at + LENGTH_PREFIX + buf.readInt32BE(at + 8);
    if (batchEnd > end) break;
    const pending = decodeBatch(buf, at, batchEnd, out);
    at = batchEnd;
    if (pending) return pending.then(() => decodeRecordBatches(buf, at, end, out));
  }
  return out;
}

function decodeBatch(buf: Buffer, at: number, batchEnd: number, out: DecodedRecord[]): Promise<void> | null {
  const ctx = readBatchContext(buf, at);
  const b: BatchNumbers = { ctx, baseOffset: int64Number(buf, at), firstTimestamp: int64Number(buf, at + 27), logAppendTime: ctx.timestampType === LOG_APPEND_TIME };
  const attributes = buf.readInt16BE(at + 21);
  const count = buf.readInt32BE(at + 57);
  const codecId = attributes & CODEC_MASK;
  const codec = codecId === 0 ? null : lookupCodecByAttributes(attributes);
  if (!codec) {
    // kafkajs's readArray: a count of -1 is no records.
    if (count !== -1) decodeRecords(new WireReader(buf, at + BATCH_HEADER), count, b, out);
    return null;
  }
  if (count <= 0) return null;
  const compressed = buf.subarray(at + BATCH_HEADER, batchEnd);
  const records = decompressBatchSync(codecId, compressed);
  if (records) {
    decodeRecords(new WireReader(records, 0), count, b, out);
    return null;
  }
  return codec.decompress(compressed).then((r) => decodeRecords(new WireReader(r, 0), count, b, out));
}

function decodeRecords(r: WireReader, count: number, b: BatchNumbers, out: DecodedRecord[]): void {
  const ctx = b.ctx;
  for (let i = 0; i < count; i++) {
    const length = r.varint();
    const end = r.pos + length;
    const attributes = (r.buf[r.pos++]! << 24) >> 24;
    const timestamp = timestampOf(r, b);
    const offsetDelta = r.varint();
    const sum = b.baseOffset + offsetDelta;
    const offset = Number.isSafeInteger(sum) ? String(sum) : (BigInt(ctx.firstOffset) + BigInt(offsetDelta)).toString();
    const key = r.varBytes();
    const value = r.varBytes();
    const headers = readHeaders(r);
    out.push({ magicByte: ctx.magicByte, attributes, timestamp, offset, key, value, headers, isControlRecord: ctx.isControlBatch, batchContext: ctx });
    r.pos = end;
  }
}

/** kafkajs: LogAppendTime batches stamp every record with the batch's max timestamp; the delta is read either way. */
function timestampOf(r: WireReader, b: BatchNumbers): string {
  const delta = r.varlongNumber();
  if (!Number.isNaN(delta)) {
    if (b.logAppendTime) return b.ctx.maxTimestamp;
    const sum = b.firstTimestamp + delta;
    if (Number.isSafeInteger(sum)) return String(sum);
    return (BigInt(b.ctx.firstTimestamp) + BigInt(delta)).toString();
  }
  const big = r.varlongBig();
  return b.logAppendTime ? b.ctx.maxTimestamp : (BigInt(b.ctx.firstTimestamp) + big).toString();
}

/** kafkajs's headers: a repeated name becomes an array of its values in order; a null value stays null. */
function readHeaders(r: WireReader): Record<string, Buffer | Buffer[] | null> {
  const count = r.varint();
  const headers: Record<string, Buffer | Buffer[] | null> = {};
  for (let i = 0; i < count; i++) {
    const key = r.headerKey();
    const value = r.varBytes();
    const prev = headers[key];
    const next = prev === undefined ? value : Array.isArray(prev) ? prev.concat([value as Buffer]) : ([prev, value] as Buffer[]);
    // kafkajs builds the object with a computed key, so "__proto__" is an own property there too.
    if (key === '__proto__') Object.defineProperty(headers, key, { value: next, enumerable: true, writable: true, configurable: true });
    else headers[key] = next;
  }
  return headers;
}
