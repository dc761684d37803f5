import { crc32c } from './crc32c';
import { FRAME_ROOM, framedBody, type FramedBody } from './request-framing';

/** One record as it goes into a batch: bytes as given, headers in order (a name may repeat). */
export interface BatchRecord {
  key: Buffer | null;
  value: Buffer | null;
  /** A string value is written as its UTF-8 bytes (the replay headers: no Buffer made per record). */
  headers: { key: string; value: Buffer | string | null }[];
  /** Epoch ms; absent: the time of encoding. */
  timestamp?: number;
}

export interface RecordBatchSpec {
  /** Idempotence: the producer's id and epoch, and the sequence of the batch's first record. */
  producerId: bigint;
  producerEpoch: number;
  baseSequence: number;
  records: BatchRecord[];
}

/** The Produce version written: its body is the same from v3 to v8, and Kafka 4 still takes v3. */
export const PRODUCE_VERSION = 3;
/** acks=all: the write is acknowledged once every in-sync replica has it. */
const ACKS_ALL = -1;
/** Bytes of a v2 record batch before its records (offset … record count). */
const BATCH_HEADER = 61;
/** Where the CRC-covered part of a batch starts: after offset, length, leader epoch, magic, crc. */
const CRC_FROM = 21;
const MAGIC = 2;
/** Where a batch's producer id sits; its epoch and base sequence follow. */
const PRODUCER_ID_AT = 43;

const zigzag32 = (n: number) => ((n << 1) ^ (n >> 31)) >>> 0;

function sizeOfUVarint(u: number): number {
  let bytes = 1;
  while (u >= 0x80) {
    u = u < 0x100000000 ? u >>> 7 : Math.floor(u / 128);
    bytes += 1;
  }
  return bytes;
}

/** Zigzag of a whole number beyond 32 bits (timestamp deltas), exact up to 2^52. */
const zigzag64 = (n: number) => (n >= 0 ? n * 2 : -n * 2 - 1);

const sizeOfVarint = (n: number) => sizeOfUVarint(zigzag32(n));
const sizeOfVarlong = (n: number) => sizeOfUVarint(zigzag64(n));
const sizeOfBytes = (b: Buffer | null) => (b === null ? 1 : sizeOfVarint(b.length) + b.length);

function writeUVarint(buf: Buffer, pos: number, u: number): number {
  while (u >= 0x80) {
    if (u < 0x100000000) {
      buf[pos++] = (u & 0x7f) | 0x80;
      u >>>= 7;
    } else {
      buf[pos++] = (u % 128) | 0x80;
      u = Math.floor(u / 128);
    }
  }
  buf[pos++] = u;
  return pos;
}

/** Bytes up to which a loop copies faster than a native call. */
const SHORT_COPY = 32;

function writeBytes(buf: Buffer, pos: number, b: Buffer | null): number {
  if (b === null) {
    buf[pos] = 1; // zigzag(-1)
    return pos + 1;
  }
  const n = b.length;
  pos = writeUVarint(buf, pos, zigzag32(n));
  // Buffer#copy checks its arguments and goes through three calls per copy; for a key or
  // header value of a few bytes a loop is cheaper, and TypedArray#set copies the rest.
  if (n <= SHORT_COPY) for (let i = 0; i < n; i++) buf[pos + i] = b[i]!;
  else buf.set(b, pos);
  return pos + n;
}

/**
 * What a batch's bytes are made of, found in one pass before any is written: its size,
 * each record's body length and header name lengths, and its timestamps. It does not
 * depend on the producer id, so a batch re-sent under a new one is not measured again.
 */
export interface PlannedBatch {
  records: BatchRecord[];
  /** Bytes of the whole encoded batch. */
  bytes: number;
  baseTs: number;
  maxTs: number;
  /** The time records without a timestamp get: fixed once, so a re-sent batch is the same bytes. */
  now: number;
  bodies: Int32Array;
  /** UTF-8 lengths of every header's name and then its value when that is a string, in order. */
  headerBytes: Int32Array;
}

/** A length-prefixed string of `len` UTF-8 bytes. */
function writeString(buf: Buffer, pos: number, s: string, len: number): number {
  pos = writeUVarint(buf, pos, zigzag32(len));
  // As many UTF-8 bytes as characters: all ASCII (every replay header), copied here, cheaper than a call into native code.
  if (len === s.length) for (let c = 0; c < len; c++) buf[pos++] = s.charCodeAt(c);
  else pos += buf.write(s, pos, len, 'utf8');
  return pos;
}

/** The identity fields of an idempotent batch: the producer's id and epoch, and the sequence of its first record. */
export type BatchIdentity = Omit<RecordBatchSpec, 'records'>;

export function planRecordBatch(records: BatchRecord[], now = Date.now()): PlannedBatch {
  const n = records.length;
  let baseTs = Number.POSITIVE_INFINITY;
  let maxTs = Number.NEGATIVE_INFINITY;
  let headerCount = 0;
  for (const r of records) {
    const ts = r.timestamp ?? now;
    if (ts < baseTs) baseTs = ts;
    if (ts > maxTs) maxTs = ts;
    headerCount += r.headers.length;
  }
  const bodies = new Int32Array(n);
  const headerBytes = new Int32Array(2 * headerCount);
  let k = 0;
  let recordsBytes = 0;
  for (let i = 0; i < n; i++) {
    const r = records[i]!;
    let body = 1 + sizeOfVarlong((r.timestamp ?? now) - baseTs) + sizeOfVarint(i) + sizeOfBytes(r.key) + sizeOfBytes(r.value) + sizeOfVarint(r.headers.length);
    for (const h of r.headers) {
      const len = Buffer.byteLength(h.key, 'utf8');
      headerBytes[k++] = len;
      body += sizeOfVarint(len) + len;
      if (typeof h.value === 'string') {
        const valueLen = Buffer.byteLength(h.value, 'utf8');
        headerBytes[k++] = valueLen;
        body += sizeOfVarint(valueLen) + valueLen;
      } else {
        k++;
        body += sizeOfBytes(h.value);
      }
    }
    bodies[i] = body;
    recordsBytes += sizeOfVarint(body) + body;
  }
  return { records, bytes: BATCH_HEADER + recordsBytes, baseTs, maxTs, now, bodies, headerBytes };
}

/**
 * Writes a planned batch (v2, uncompressed, idempotent) into buf at `at`, each record
 * straight from the bytes given, and returns the batch's bytes (a view of buf). kafkajs's
 * producer built every record and header in its own growing buffer and copied it up three
 * levels; that was 45 % of a replay's CPU.
 */
export function writeRecordBatch(plan: PlannedBatch, id: BatchIdentity, buf: Buffer, at: number): Buffer {
  const { records, bodies, headerBytes, baseTs, now } = plan;
  const n = records.length;
  const endAt = at + plan.bytes;
  let pos = buf.writeBigInt64BE(0n, at); // base offset: the broker assigns offsets
  pos = buf.writeInt32BE(plan.bytes - 12, pos); // batch length, after offset and this field
  pos = buf.writeInt32BE(-1, pos); // partition leader epoch: the broker sets it
  pos = buf.writeInt8(MAGIC, pos);
  const crcAt = pos;
  pos += 4;
  pos = buf.writeInt16BE(0, pos); // attributes: no compression, create time, not transactional
  pos = buf.writeInt32BE(n - 1, pos); // last offset delta
  pos = buf.writeBigInt64BE(BigInt(baseTs), pos);
  pos = buf.writeBigInt64BE(BigInt(plan.maxTs), pos);
  pos = buf.writeBigInt64BE(id.producerId, pos);
  pos = buf.writeInt16BE(id.producerEpoch, pos);
  pos = buf.writeInt32BE(id.baseSequence, pos);
  pos = buf.writeInt32BE(n, pos);

  let k = 0;
  for (let i = 0; i < n; i++) {
    const r = records[i]!;
    pos = writeUVarint(buf, pos, zigzag32(bodies[i]!));
    buf[pos++] = 0; // record attributes
    pos = writeUVarint(buf, pos, zigzag64((r.timestamp ?? now) - baseTs));
    pos = writeUVarint(buf, pos, zigzag32(i));
    pos = writeBytes(buf, pos, r.key);
    pos = writeBytes(buf, pos, r.value);
    pos = writeUVarint(buf, pos, zigzag32(r.headers.length));
    for (const h of r.headers) {
      pos = writeString(buf, pos, h.key, headerBytes[k++]!);
      const valueLen = headerBytes[k++]!;
      pos = typeof h.value === 'string' ? writeString(buf, pos, h.value, valueLen) : writeBytes(buf, pos, h.value);
    }
  }
  if (pos !== endAt) throw new Error(`record batch encoded ${pos - at} of ${plan.bytes} bytes`);
  buf.writeUInt32BE(crc32c(buf, at + CRC_FROM, endAt), crcAt);
  return buf.subarray(at, endAt);
}

/**
 * An encoded batch again under another identity (a new producer id after the broker lost
 * ours), written into buf at `at`: the same records, new identity fields and CRC. The
 * records themselves need not be kept once a batch is encoded.
 */
export function rewriteBatchIdentity(batch: Buffer, id: BatchIdentity, buf: Buffer, at: number): Buffer {
  batch.copy(buf, at);
  buf.writeBigInt64BE(id.producerId, at + PRODUCER_ID_AT);
  buf.writeInt16BE(id.producerEpoch, at + PRODUCER_ID_AT + 8);
  buf.writeInt32BE(id.baseSequence, at + PRODUCER_ID_AT + 10);
  const end = at + batch.length;
  buf.writeUInt32BE(crc32c(buf, at + CRC_FROM, end), at + CRC_FROM - 4);
  return buf.subarray(at, end);
}

/** One partition's record batch in a buffer of its own. */
export function encodeRecordBatch(b: RecordBatchSpec, now = Date.now()): Buffer {
  const plan = planRecordBatch(b.records, now);
  return writeRecordBatch(plan, b, Buffer.allocUnsafe(plan.bytes), 0);
}

/** A batch to put in a Produce request: bytes already encoded, or a batch written straight into the request (`write` returns its view). */
export type RequestBatch = Buffer | { bytes: number; write: (buf: Buffer, at: number) => Buffer };

const batchBytes = (b: RequestBatch) => (Buffer.isBuffer(b) ? b.length : b.bytes);

/**
 * The body of a Produce request (v3, acks=all, no transaction), at most one batch per
 * partition, in one buffer with room in front for kafkajs's framing (request-framing.ts):
 * a batch is written once, where it goes on the wire. `alloc` gives a buffer of at least
 * the size asked (a pooled one: request-buffer-pool.ts).
 */
export function encodeProduceRequest(parts: { topic: string; partition: number; batch: RequestBatch }[], timeoutMs: number, alloc: (size: number) => Buffer = Buffer.allocUnsafe): FramedBody {
  const byTopic = new Map<string, { partition: number; batch: RequestBatch }[]>();
  let size = 2 + 2 + 4 + 4;
  for (const p of parts) {
    let list = byTopic.get(p.topic);
    if (!list) {
      byTopic.set(p.topic, (list = []));
      size += 2 + Buffer.byteLength(p.topic, 'utf8') + 4;
    }
    list.push(p);
    size += 4 + 4 + batchBytes(p.batch);
  }
  const whole = alloc(FRAME_ROOM + size).subarray(0, FRAME_ROOM + size);
  let pos = whole.writeInt16BE(-1, FRAME_ROOM); // transactional id: none
  pos = whole.writeInt16BE(ACKS_ALL, pos);
  pos = whole.writeInt32BE(timeoutMs, pos);
  pos = whole.writeInt32BE(byTopic.size, pos);
  for (const [topic, list] of byTopic) {
    pos = whole.writeInt16BE(Buffer.byteLength(topic, 'utf8'), pos);
    pos += whole.write(topic, pos, 'utf8');
    pos = whole.writeInt32BE(list.length, pos);
    for (const p of list) {
      const bytes = batchBytes(p.batch);
      pos = whole.writeInt32BE(p.partition, pos);
      pos = whole.writeInt32BE(bytes, pos);
      if (Buffer.isBuffer(p.batch)) p.batch.copy(whole, pos);
      else p.batch.write(whole, pos);
      pos += bytes;
    }
  }
  return framedBody(whole);
}

export interface ProducePartitionResult {
  topic: string;
  partition: number;
  errorCode: number;
  baseOffset: bigint;
}

/** Decodes a Produce v3 response: per topic and partition, the error code and base offset. */
export function decodeProduceResponse(buf: Buffer): ProducePartitionResult[] {
  const out: ProducePartitionResult[] = [];
  let pos = 0;
  const topics = buf.readInt32BE(pos);
  pos += 4;
  for (let t = 0; t < topics; t++) {
    const len = buf.readInt16BE(pos);
    pos += 2;
    const topic = buf.toString('utf8', pos, pos + len);
    pos += len;
    const partitions = buf.readInt32BE(pos);
    pos += 4;
    for (let p = 0; p < partitions; p++) {
      const partition = buf.readInt32BE(pos);
      const errorCode = buf.readInt16BE(pos + 4);
      const baseOffset = buf.readBigInt64BE(pos + 6);
      pos += 4 + 2 + 8 + 8; // partition, error, base offset, log append time
      out.push({ topic, partition, errorCode, baseOffset });
    }
  }
  return out;
}
