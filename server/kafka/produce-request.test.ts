import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { crc32c } from './crc32c';
import { cutBatches, nextSequence } from './idempotent-producer';
import { decodeProduceResponse, encodeProduceRequest, encodeRecordBatch, planRecordBatch, rewriteBatchIdentity, writeRecordBatch, type BatchRecord, type RecordBatchSpec } from './produce-request';

// kafkajs's own encoders and decoders are the reference: what it writes, the broker takes.
const require = createRequire(import.meta.url);
const kafkajsCrc32c = require('kafkajs/src/protocol/recordBatch/crc32C/crc32C.js') as (b: Buffer) => number;
const kafkajsProduceV3 = require('kafkajs/src/protocol/requests/produce/v3/request.js') as (o: object) => { encode(): Promise<{ buffer: Buffer }> };
const KafkajsDecoder = require('kafkajs/src/protocol/decoder.js') as new (b: Buffer) => unknown;
const decodeRecordBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder.js') as (d: unknown) => Promise<{
  firstTimestamp: string;
  maxTimestamp: string;
  producerId: string;
  producerEpoch: number;
  firstSequence: number;
  records: { key: Buffer | null; value: Buffer | null; headers: Record<string, Buffer | Buffer[] | null>; timestamp: string; offset: string }[];
}>;
const Long = require('kafkajs/src/utils/long.js') as { fromValue(v: string): unknown };

const rec = (i: number, ts: number, extra: Partial<BatchRecord> = {}): BatchRecord => ({
  key: Buffer.from(`k-${i}`),
  value: Buffer.from(JSON.stringify({ i, pad: 'é'.repeat(i * 37) })),
  headers: [
    { key: 'ce_type', value: Buffer.from('t.v1') },
    { key: 'x-ünïcode', value: Buffer.from([0, 255, 1]) },
  ],
  timestamp: ts,
  ...extra,
});

const oneBatch = (topic: string, partition: number, spec: RecordBatchSpec, timeoutMs: number, now?: number) =>
  encodeProduceRequest([{ topic, partition, batch: encodeRecordBatch(spec, now) }], timeoutMs).buffer;

/** The record batch inside a one-partition Produce v3 body. */
function batchOf(body: Buffer): Buffer {
  const topicLen = body.readInt16BE(12);
  const at = 14 + topicLen + 8;
  return body.subarray(at + 4, at + 4 + body.readInt32BE(at));
}

describe('crc32c', () => {
  it('gives the check value of CRC-32C and agrees with kafkajs on every length', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    const bytes = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 131 + 7) & 0xff));
    for (let n = 0; n <= 300; n += 13) expect(crc32c(bytes, 0, n)).toBe(kafkajsCrc32c(bytes.subarray(0, n)));
    expect(crc32c(bytes, 5, 77)).toBe(kafkajsCrc32c(bytes.subarray(5, 77)));
  });
});

describe('encodeProduceRequest', () => {
  it('writes the bytes kafkajs writes for the same batch (but the leader epoch, which the broker sets)', async () => {
    const records = Array.from({ length: 40 }, (_, i) => rec(i, 1_700_000_000_000 + i * 1000));
    const ours = oneBatch('orders.v1', 3, { producerId: 4242n, producerEpoch: 7, baseSequence: 100, records }, 30_000);
    const theirs = (
      await kafkajsProduceV3({
        acks: -1,
        timeout: 30_000,
        producerId: Long.fromValue('4242'),
        producerEpoch: 7,
        topicData: [
          {
            topic: 'orders.v1',
            partitions: [
              {
                partition: 3,
                firstSequence: 100,
                messages: records.map((r) => ({ key: r.key, value: r.value, timestamp: String(r.timestamp), headers: Object.fromEntries(r.headers.map((h) => [h.key, h.value])) })),
              },
            ],
          },
        ],
      }).encode()
    ).buffer;
    expect(ours.length).toBe(theirs.length);
    const epochAt = 14 + 'orders.v1'.length + 8 + 4 + 8 + 4;
    expect(ours.readInt32BE(epochAt)).toBe(-1);
    expect(theirs.readInt32BE(epochAt)).toBe(0);
    ours.writeInt32BE(0, epochAt);
    expect(ours.equals(theirs)).toBe(true);
  });

  it('round-trips through kafkajs’s batch decoder: null key, value and header value, repeated headers, times out of order', async () => {
    const records: BatchRecord[] = [
      rec(0, 1_700_000_500_000),
      rec(1, 1_600_000_000_000, { key: null, value: null }), // 100 million seconds earlier: the delta needs more than 32 bits
      rec(2, 1_700_000_000_000, { headers: [{ key: 'dup', value: Buffer.from('a') }, { key: 'dup', value: null }, { key: 'dup', value: Buffer.alloc(0) }] }),
    ];
    const body = oneBatch('t', 0, { producerId: 9_007_199_254_740_993n, producerEpoch: 1, baseSequence: 2_147_483_600, records }, 1000);
    const batch = batchOf(body);
    expect(batch.readUInt32BE(17)).toBe(crc32c(batch, 21));
    const decoded = await decodeRecordBatch(new KafkajsDecoder(batch));
    expect(decoded.producerId).toBe('9007199254740993');
    expect(decoded.firstSequence).toBe(2_147_483_600);
    expect(decoded.firstTimestamp).toBe('1600000000000');
    expect(decoded.maxTimestamp).toBe('1700000500000');
    expect(decoded.records.map((r) => [r.offset, r.timestamp, r.key?.toString() ?? null, r.value === null])).toEqual([
      ['0', '1700000500000', 'k-0', false],
      ['1', '1600000000000', null, true],
      ['2', '1700000000000', 'k-2', false],
    ]);
    expect(decoded.records[0]!.value!.equals(records[0]!.value!)).toBe(true);
    expect(decoded.records[0]!.headers['x-ünïcode']).toEqual(Buffer.from([0, 255, 1]));
    expect(decoded.records[2]!.headers.dup).toEqual([Buffer.from('a'), null, Buffer.alloc(0)]);
  });

  it('writes a planned batch straight into the request as the same bytes as a batch encoded apart', () => {
    const records = Array.from({ length: 5 }, (_, i) => rec(i, 1_700_000_000_000 + i));
    const spec = { producerId: 7n, producerEpoch: 2, baseSequence: 10, records };
    const plan = planRecordBatch(records, 1);
    let view: Buffer | null = null;
    const body = encodeProduceRequest([{ topic: 't', partition: 1, batch: { bytes: plan.bytes, write: (buf: Buffer, at: number) => (view = writeRecordBatch(plan, spec, buf, at)) } }], 1000).buffer;
    expect(body.equals(oneBatch('t', 1, spec, 1000, 1))).toBe(true);
    expect(view!.equals(encodeRecordBatch(spec, 1))).toBe(true);
  });

  it('rewrites an encoded batch under a new producer id, epoch and sequence as the same bytes as encoding it afresh', () => {
    const records = Array.from({ length: 4 }, (_, i) => rec(i, 1_700_000_000_000 + i));
    const first = encodeRecordBatch({ producerId: 7n, producerEpoch: 2, baseSequence: 10, records }, 1);
    const again = { producerId: 9_007_199_254_740_993n, producerEpoch: 5, baseSequence: 2_147_483_600 };
    const into = Buffer.alloc(first.length + 9, 0xaa);
    const view = rewriteBatchIdentity(first, again, into, 9);
    expect(view.equals(encodeRecordBatch({ ...again, records }, 1))).toBe(true);
    expect(into.subarray(0, 9).equals(Buffer.alloc(9, 0xaa))).toBe(true);
  });

  it('writes a header value given as text as its UTF-8 bytes, ASCII or not', () => {
    const asText = rec(1, 5, { headers: [{ key: 'x-eventline-replay-of', value: 'orders/3/12' }, { key: 'x-ü', value: 'häh €' }, { key: 'e', value: '' }] });
    const asBytes = rec(1, 5, { headers: [{ key: 'x-eventline-replay-of', value: Buffer.from('orders/3/12') }, { key: 'x-ü', value: Buffer.from('häh €') }, { key: 'e', value: Buffer.alloc(0) }] });
    const spec = (r: BatchRecord) => ({ producerId: 1n, producerEpoch: 0, baseSequence: 0, records: [r, rec(2, 6)] });
    expect(encodeRecordBatch(spec(asText), 1).equals(encodeRecordBatch(spec(asBytes), 1))).toBe(true);
  });

  it('stamps records without a time with the time of encoding', async () => {
    const body = oneBatch('t', 0, { producerId: 1n, producerEpoch: 0, baseSequence: 0, records: [rec(0, 5, { timestamp: undefined })] }, 1000, 1_234_567);
    const decoded = await decodeRecordBatch(new KafkajsDecoder(batchOf(body)));
    expect(decoded.records[0]!.timestamp).toBe('1234567');
  });
});

describe('decodeProduceResponse', () => {
  it('reads each partition’s error code and base offset', () => {
    const b = Buffer.alloc(4 + 2 + 1 + 4 + 2 * 22 + 4);
    let p = b.writeInt32BE(1, 0);
    p = b.writeInt16BE(1, p);
    p += b.write('t', p);
    p = b.writeInt32BE(2, p);
    for (const [partition, code, offset] of [[0, 0, 41n], [5, 6, -1n]] as const) {
      p = b.writeInt32BE(partition, p);
      p = b.writeInt16BE(code, p);
      p = b.writeBigInt64BE(offset, p);
      p = b.writeBigInt64BE(-1n, p);
    }
    expect(decodeProduceResponse(b)).toEqual([
      { topic: 't', partition: 0, errorCode: 0, baseOffset: 41n },
      { topic: 't', partition: 5, errorCode: 6, baseOffset: -1n },
    ]);
  });
});

describe('idempotent producer arithmetic', () => {
  it('wraps sequences as Kafka does', () => {
    expect(nextSequence(0, 5)).toBe(5);
    expect(nextSequence(2_147_483_645, 2)).toBe(2_147_483_647);
    expect(nextSequence(2_147_483_645, 3)).toBe(0);
    expect(nextSequence(2_147_483_647, 10)).toBe(9);
  });

  it('cuts a partition’s records into batches under the byte cap, in order, a big record alone', () => {
    const small = (i: number) => ({ key: null, value: Buffer.alloc(100, i), headers: [] });
    const records = [small(1), small(2), small(3), { key: null, value: Buffer.alloc(1000), headers: [] }, small(4)];
    const cut = cutBatches(records, 300);
    expect(cut.map((b) => b.map((r) => r.value!.length === 1000 ? 'big' : r.value![0]))).toEqual([[1, 2], [3], ['big'], [4]]);
  });
});
