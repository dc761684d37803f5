// Our decoder of Fetch responses v4–v11, a drop-in for kafkajs 2.2.4's
// requests/fetch/v4…v11/response.js `decode` (install-fetch-decoder.ts puts it there): the
// same object, field for field, so the kafkajs consumer and our readers cannot tell.
// Record batches (magic 2) are ours (record-batch-decoder.ts); an old message set
// (magic 0/1, Kafka < 0.11 formats) goes to kafkajs's own decoder.
//
// One difference, on purpose: a record set shorter than 17 bytes (too short to hold a
// magic byte) is an empty, cut-short answer here; kafkajs threw a RangeError reading it,
// failing the whole Fetch.
import { createRequire } from 'node:module';
import { decodeRecordBatches, int64String, type DecodedRecord } from './record-batch-decoder';

const requireKafkajs = createRequire(import.meta.url);
type KafkajsDecoderClass = new (b: Buffer) => unknown;
const KafkajsDecoder = requireKafkajs('kafkajs/src/protocol/decoder.js') as KafkajsDecoderClass;
const decodeMessageSet = requireKafkajs('kafkajs/src/protocol/messageSet/decoder.js') as (d: unknown, size: number) => Promise<unknown[]>;

/** The Fetch versions whose answers carry record batches and that this decoder reads. */
export const DECODED_FETCH_VERSIONS = [4, 5, 6, 7, 8, 9, 10, 11] as const;
/** Where the magic byte sits, in a record batch and in an old message set alike. */
const MAGIC_OFFSET = 16;
const RECORD_BATCH_MAGIC = 2;

export interface DecodedFetchPartition {
  partition: number;
  errorCode: number;
  highWatermark: string;
  lastStableOffset: string;
  lastStartOffset?: string;
  abortedTransactions: { producerId: string; firstOffset: string }[];
  preferredReadReplica?: number;
  messages: DecodedRecord[];
}

export interface DecodedFetchResponse {
  throttleTime: number;
  clientSideThrottleTime?: number;
  errorCode?: number;
  sessionId?: number;
  responses: { topicName: string | null; partitions: DecodedFetchPartition[] }[];
}

/** A cursor over the answer's fixed-width fields. */
class Cursor {
  constructor(
    readonly buf: Buffer,
    public pos = 0,
  ) {}
  int16(): number {
    const v = this.buf.readInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  int32(): number {
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  int64(): string {
    const v = int64String(this.buf, this.pos);
    this.pos += 8;
    return v;
  }
  string(): string | null {
    const length = this.int16();
    if (length === -1) return null;
    const v = this.buf.toString('utf8', this.pos, this.pos + length);
    this.pos += length;
    return v;
  }
  /** kafkajs's readArray: a count of -1 is empty. */
  array<T>(read: (c: Cursor) => T): T[] {
    const n = this.int32();
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(read(this));
    return out;
  }
}

/** Decodes one Fetch answer as kafkajs's v{version}/response.js decode would. */
export async function decodeFetchResponse(version: number, raw: Buffer): Promise<DecodedFetchResponse> {
  if (version < 4 || version > 11) throw new RangeError(`Fetch v${version} is not decoded here (v4–v11 only)`);
  const c = new Cursor(raw);
  const throttle = c.int32();
  const head: Omit<DecodedFetchResponse, 'responses'> =
    version >= 8
      ? { throttleTime: 0, clientSideThrottleTime: throttle, errorCode: c.int16(), sessionId: c.int32() }
      : version === 7
        ? { throttleTime: throttle, errorCode: c.int16(), sessionId: c.int32() }
        : { throttleTime: throttle };
  const pending: Promise<void>[] = [];
  const responses = c.array((t) => ({ topicName: t.string(), partitions: t.array((p) => decodePartition(p, version, pending)) }));
  if (pending.length) await Promise.all(pending);
  return { ...head, responses };
}

function decodePartition(c: Cursor, version: number, pending: Promise<void>[]): DecodedFetchPartition {
  const partition = c.int32();
  const errorCode = c.int16();
  const highWatermark = c.int64();
  const lastStableOffset = c.int64();
  const lastStartOffset = version >= 5 ? c.int64() : '';
  const abortedTransactions = c.array((a) => ({ producerId: a.int64(), firstOffset: a.int64() }));
  const preferredReadReplica = version >= 11 ? c.int32() : 0;
  const messages: DecodedRecord[] = [];
  // The fields in kafkajs's order, per version, so the objects are the same to the last key.
  const p: DecodedFetchPartition =
    version >= 11
      ? { partition, errorCode, highWatermark, lastStableOffset, lastStartOffset, abortedTransactions, preferredReadReplica, messages }
      : version >= 5
        ? { partition, errorCode, highWatermark, lastStableOffset, lastStartOffset, abortedTransactions, messages }
        : { partition, errorCode, highWatermark, lastStableOffset, abortedTransactions, messages };
  const records = decodeRecordSet(c);
  if (Array.isArray(records)) p.messages = records;
  else pending.push(records.then((m) => void (p.messages = m)));
  return p;
}

/** kafkajs's v4/decodeMessages.js: a size ≤ 0, or more than the answer holds, is no records (and nothing is consumed). */
function decodeRecordSet(c: Cursor): DecodedRecord[] | Promise<DecodedRecord[]> {
  const size = c.int32();
  if (size <= 0 || c.buf.length - c.pos < size) return [];
  const start = c.pos;
  c.pos += size;
  if (size <= MAGIC_OFFSET) return [];
  if (c.buf.readInt8(start + MAGIC_OFFSET) === RECORD_BATCH_MAGIC) return decodeRecordBatches(c.buf, start, start + size);
  return decodeMessageSet(new KafkajsDecoder(c.buf.subarray(start, start + size)), size) as Promise<DecodedRecord[]>;
}
