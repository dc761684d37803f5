import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { codecImplementations } from './compression-codecs';
import { crc32c } from './crc32c';
import { decodeFetchResponse } from './fetch-response-decoder';
import { installFetchDecoder, kafkajsFetchDecoders } from './install-fetch-decoder';
import { KafkajsInternalsChangedError } from './kafka-errors';
import { encodeRecordBatch, type BatchRecord } from './produce-request';

// kafkajs's own encoders and decoder are the reference: for every batch below, our decoder
// must give exactly the object kafkajs 2.2.4's decoder gives.
const require = createRequire(import.meta.url);
type KafkajsEncoder = { buffer: Buffer };
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0/index.js') as { RecordBatch: (o: object) => Promise<KafkajsEncoder> };
const KafkajsRecord = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as (o: object) => KafkajsEncoder;
const MessageSet = require('kafkajs/src/protocol/messageSet/index.js') as (o: object) => KafkajsEncoder;
const Long = require('kafkajs/src/utils/long.js') as { fromValue(v: string | number): unknown };

const GZIP = 1;
const SNAPPY = 2;
const LZ4 = 3;
const ZSTD = 4;

installFetchDecoder();
const kafkajsDecode = (version: number, raw: Buffer) => kafkajsFetchDecoders.get(version)!(raw);

// ---- batches -------------------------------------------------------------------------

interface Rec {
  key: Buffer | null;
  value: Buffer | null;
  headers: [string, Buffer | null][];
  tsDelta: number;
}

const rec = (i: number, extra: Partial<Rec> = {}): Rec => ({
  key: Buffer.from(`k-${i}`),
  value: Buffer.from(JSON.stringify({ i, pad: 'é'.repeat((i * 37) % 300) })),
  headers: [
    ['ce_type', Buffer.from('t.v1')],
    ['x-ünïcode', Buffer.from([0, 255, 1])],
  ],
  tsDelta: i * 7,
  ...extra,
});

/** Nulls, empties, repeated and null header values, a negative and a >32-bit timestamp delta. */
const awkward: Rec[] = [
  rec(0),
  rec(1, { key: null, value: null, headers: [] }),
  rec(2, { value: Buffer.alloc(0), key: Buffer.alloc(0) }),
  rec(3, { headers: [['dup', Buffer.from('a')], ['dup', null], ['dup', Buffer.alloc(0)], ['solo', null]] }),
  rec(4, { tsDelta: -5000 }),
  rec(5, { tsDelta: 100_000_000_000 }),
  rec(6, { value: Buffer.alloc(200_000, 7) }), // a big record: multi-byte lengths, several zstd blocks
];

const FIRST_TS = 1_700_000_000_000;

/** kafkajs's encoder (compression through the registered codecs). Headers as kafkajs takes them: an array for a repeated name. */
async function kafkajsBatch(records: Rec[], compression = 0, transactional = false): Promise<Buffer> {
  const encoded = records.map((r, i) => {
    const headers: Record<string, Buffer | null | (Buffer | null)[]> = {};
    // kafkajs's encoder cannot write a null header value: an empty one stands in.
    for (const [k, raw] of r.headers) {
      const v = raw ?? Buffer.alloc(0);
      headers[k] = k in headers ? ([] as (Buffer | null)[]).concat(headers[k]!, v) : v;
    }
    return KafkajsRecord({ offsetDelta: i, timestampDelta: r.tsDelta, key: r.key, value: r.value, headers });
  });
  return (
    await RecordBatch({ compression, transactional, firstTimestamp: FIRST_TS, maxTimestamp: FIRST_TS + 999, lastOffsetDelta: records.length - 1, producerId: Long.fromValue(77), producerEpoch: 3, firstSequence: 10, records: encoded })
  ).buffer;
}

/** Our produce-request.ts encoder, then optionally its records compressed by our codecs (zstd: raw zstd blocks, since we cannot compress zstd). */
async function ourBatch(records: Rec[], codec = 0): Promise<Buffer> {
  const spec: BatchRecord[] = records.map((r) => ({ key: r.key, value: r.value, headers: r.headers.map(([key, value]) => ({ key, value })), timestamp: FIRST_TS + r.tsDelta }));
  const plain = encodeRecordBatch({ producerId: 5n, producerEpoch: 0, baseSequence: 0, records: spec });
  if (!codec) return plain;
  const body = plain.subarray(61);
  const compressed = codec === ZSTD ? rawZstdFrame(body) : await codecImplementations[codec]!.compress({ buffer: body });
  const batch = Buffer.concat([plain.subarray(0, 61), compressed]);
  batch.writeInt32BE(batch.length - 12, 8);
  batch.writeInt16BE(batch.readInt16BE(21) | codec, 21);
  batch.writeUInt32BE(crc32c(batch, 21), 17);
  return batch;
}

/** A zstd frame of raw (stored) blocks: valid zstd that any decoder reads, made without a compressor. */
function rawZstdFrame(data: Buffer): Buffer {
  const header = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0xa0, 0, 0, 0, 0]); // magic, single segment, 4-byte content size
  header.writeUInt32LE(data.length, 5);
  const parts: Buffer[] = [header];
  for (let at = 0; at < data.length || at === 0; at += 128 * 1024) {
    const chunk = data.subarray(at, at + 128 * 1024);
    const last = at + 128 * 1024 >= data.length ? 1 : 0;
    const bh = (chunk.length << 3) | last; // block type 0: raw
    parts.push(Buffer.from([bh & 0xff, (bh >> 8) & 0xff, (bh >> 16) & 0xff]), chunk);
    if (!data.length) break;
  }
  return Buffer.concat(parts);
}

/** Patches a batch's base offset, attributes bits and first/max timestamps, as the broker or another client may have written them. */
function patch(batch: Buffer, p: { baseOffset?: bigint; orAttributes?: number; firstTs?: bigint; maxTs?: bigint }): Buffer {
  const b = Buffer.from(batch);
  if (p.baseOffset !== undefined) b.writeBigInt64BE(p.baseOffset, 0);
  if (p.orAttributes) b.writeInt16BE(b.readInt16BE(21) | p.orAttributes, 21);
  if (p.firstTs !== undefined) b.writeBigInt64BE(p.firstTs, 27);
  if (p.maxTs !== undefined) b.writeBigInt64BE(p.maxTs, 35);
  return b;
}

/** A control batch: one commit (1) or abort (0) marker of producer 77. */
async function markerBatch(type: 0 | 1, baseOffset: bigint): Promise<Buffer> {
  const key = Buffer.from([0, 0, 0, type]);
  const value = Buffer.from([0, 0, 0, 0, 0, 9]);
  const marker = KafkajsRecord({ offsetDelta: 0, timestampDelta: 0, key, value, headers: {} });
  const b = (await RecordBatch({ transactional: true, firstTimestamp: FIRST_TS, maxTimestamp: FIRST_TS, producerId: Long.fromValue(77), records: [marker] })).buffer;
  return patch(b, { baseOffset, orAttributes: 0x20 });
}

// ---- Fetch answers --------------------------------------------------------------------

interface PartitionAnswer {
  partition: number;
  errorCode?: number;
  aborted?: [bigint, bigint][];
  records: Buffer | null;
}

const i16 = (n: number) => Buffer.from([(n >> 8) & 0xff, n & 0xff]);
const i32 = (n: number) => { const b = Buffer.alloc(4); b.writeInt32BE(n); return b; };
const i64 = (n: bigint) => { const b = Buffer.alloc(8); b.writeBigInt64BE(n); return b; };

function fetchAnswer(version: number, topics: [string, PartitionAnswer[]][]): Buffer {
  const parts: Buffer[] = [i32(5)];
  if (version >= 7) parts.push(i16(0), i32(123));
  parts.push(i32(topics.length));
  for (const [topic, partitions] of topics) {
    parts.push(i16(Buffer.byteLength(topic)), Buffer.from(topic), i32(partitions.length));
    for (const p of partitions) {
      parts.push(i32(p.partition), i16(p.errorCode ?? 0), i64(1_000_000n), i64(999_999n));
      if (version >= 5) parts.push(i64(0n));
      parts.push(i32(p.aborted?.length ?? 0), ...(p.aborted ?? []).flatMap(([pid, first]) => [i64(pid), i64(first)]));
      if (version >= 11) parts.push(i32(-1));
      parts.push(p.records ? i32(p.records.length) : i32(-1), ...(p.records ? [p.records] : []));
    }
  }
  return Buffer.concat(parts);
}

/** Buffers as base64 (deep-comparing 200 KB buffers byte by byte is slow), keys in order. */
function canonical(x: unknown): unknown {
  if (Buffer.isBuffer(x)) return `buffer:${x.toString('base64')}`;
  if (Array.isArray(x)) return x.map(canonical);
  if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, canonical(v)]));
  return x;
}

async function expectSameAsKafkajs(version: number, answer: Buffer) {
  const theirs = await kafkajsDecode(version, answer);
  const ours = await decodeFetchResponse(version, answer);
  const [a, b] = [canonical(ours), canonical(theirs)];
  expect(a).toStrictEqual(b);
  expect(JSON.stringify(a)).toBe(JSON.stringify(b)); // the same keys in the same order, too
  return ours;
}

// ---- tests ----------------------------------------------------------------------------

describe('decodeFetchResponse, against kafkajs 2.2.4’s decoder', () => {
  const codecs = [0, GZIP, SNAPPY, LZ4, ZSTD] as const;

  for (const codec of codecs) {
    it(`reads batches written by kafkajs’s encoder and ours, codec ${codec}, at base offsets small, past 2^32 and past 2^53`, async () => {
      const theirs = codec === ZSTD ? null : await kafkajsBatch(awkward, codec);
      const ours = await ourBatch(awkward, codec);
      const batches = [
        ...(theirs ? [patch(theirs, { baseOffset: 0n }), patch(theirs, { baseOffset: 5_000_000_000n })] : []),
        patch(ours, { baseOffset: 100n }),
        patch(ours, { baseOffset: 9_007_199_254_740_990n }), // offsets cross 2^53: BigInt arithmetic
      ];
      const answer = fetchAnswer(11, [['orders', [{ partition: 0, records: Buffer.concat(batches) }, { partition: 3, records: null }]]]);
      const decoded = await expectSameAsKafkajs(11, answer);
      const offsets = decoded.responses[0]!.partitions[0]!.messages.map((m) => m.offset);
      expect(offsets).toContain('9007199254740996');
      expect(decoded.responses[0]!.partitions[0]!.messages.at(-4)!.headers.dup).toEqual([Buffer.from('a'), null, Buffer.alloc(0)]);
    }, 30_000);
  }

  it('reads header names of one length that differ, come back, or are not ASCII, as kafkajs does (names are shared between records)', async () => {
    const names = ['ab', 'cd', 'ab', 'é', '\u00ff', 'x', 'ab', 'y', 'é', 'cd'];
    const records = names.map((name, i) => rec(i, { headers: [[name, Buffer.from(`v${i}`)], ['ce_type', null]] }));
    const bad = await ourBatch([rec(20, { headers: [['x', null]] })]);
    // A name of invalid UTF-8 one byte long, where 'x' (also one byte) was last: decoded, not mistaken for 'x'.
    bad[bad.indexOf(Buffer.from('x'), 61)] = 0xff;
    bad.writeUInt32BE(crc32c(bad, 21), 17);
    const answer = fetchAnswer(11, [['h', [{ partition: 0, records: Buffer.concat([await ourBatch(records), patch(bad, { baseOffset: 10n }), patch(await ourBatch(records.slice(0, 2)), { baseOffset: 11n })]) }]]]);
    const decoded = await expectSameAsKafkajs(11, answer);
    expect(decoded.responses[0]!.partitions[0]!.messages.map((m) => Object.keys(m.headers)[0])).toEqual([...names, '\ufffd', 'ab', 'cd']);
  });

  it('gives the same answer layout for every Fetch version v4–v11', async () => {
    const records = Buffer.concat([await kafkajsBatch(awkward.slice(0, 4)), patch(await ourBatch(awkward.slice(0, 2), GZIP), { baseOffset: 4n })]);
    for (const version of [4, 5, 6, 7, 8, 9, 10, 11]) {
      const answer = fetchAnswer(version, [['a', [{ partition: 0, records }]], ['b', [{ partition: 1, errorCode: 1, records: null }, { partition: 2, records }]]]);
      const decoded = await expectSameAsKafkajs(version, answer);
      expect(Object.keys(decoded.responses[1]!.partitions[1]!)).toEqual(Object.keys((await kafkajsDecode(version, answer) as typeof decoded).responses[1]!.partitions[1]!));
    }
  });

  it('drops a last batch cut short by the byte limit, in every codec', async () => {
    for (const codec of codecs) {
      const whole = await ourBatch(awkward.slice(0, 3), codec);
      const records = Buffer.concat([whole, patch(whole, { baseOffset: 3n })]);
      for (const cut of [1, 20, records.length - whole.length - 49 + 1]) {
        const decoded = await expectSameAsKafkajs(11, fetchAnswer(11, [['t', [{ partition: 0, records: records.subarray(0, records.length - cut) }]]]));
        expect(decoded.responses[0]!.partitions[0]!.messages.map((m) => m.offset)).toEqual(['0', '1', '2']);
      }
    }
  });

  it('reads a transactional abort and commit: records, markers and the aborted-transaction list', async () => {
    const txn = (records: Rec[], codec = 0) => kafkajsBatch(records, codec, true);
    const records = Buffer.concat([
      await txn(awkward.slice(0, 2)),
      await markerBatch(0, 2n),
      patch(await txn(awkward.slice(0, 3), LZ4), { baseOffset: 3n }),
      await markerBatch(1, 6n),
    ]);
    const decoded = await expectSameAsKafkajs(11, fetchAnswer(11, [['t', [{ partition: 0, aborted: [[77n, 0n]], records }]]]));
    const p = decoded.responses[0]!.partitions[0]!;
    expect(p.abortedTransactions).toEqual([{ producerId: '77', firstOffset: '0' }]);
    expect(p.messages.map((m) => [m.offset, m.isControlRecord, m.batchContext.inTransaction])).toEqual([
      ['0', false, true], ['1', false, true], ['2', true, true], ['3', false, true], ['4', false, true], ['5', false, true], ['6', true, true],
    ]);
  });

  it('stamps LogAppendTime batches with their max timestamp, and handles timestamps past 2^53 and none (-1)', async () => {
    const base = await ourBatch(awkward.slice(0, 6));
    const records = Buffer.concat([
      patch(base, { orAttributes: 0x08, maxTs: 1_800_000_000_000n }),
      patch(base, { baseOffset: 6n, firstTs: 9_007_199_254_740_000n }),
      patch(base, { baseOffset: 12n, firstTs: -1n, maxTs: -1n }),
      patch(base, { baseOffset: 18n, firstTs: 9_223_372_036_854_775_000n }), // sums past int64: kafkajs's Long is an unwrapped BigInt
    ]);
    const decoded = await expectSameAsKafkajs(11, fetchAnswer(11, [['t', [{ partition: 0, records }]]]));
    const ts = decoded.responses[0]!.partitions[0]!.messages.map((m) => m.timestamp);
    expect(ts.slice(0, 6)).toEqual(Array(6).fill('1800000000000'));
    expect(ts[6]).toBe('9007199254745000'); // the batch's base time is its earliest record's (-5000)
  });

  it('hands an old message set (magic 0 and 1) to kafkajs’s own decoder', async () => {
    for (const messageVersion of [0, 1]) {
      const entries = [0, 1, 2].map((i) => ({ key: Buffer.from(`k${i}`), value: Buffer.from(`v${i}`), timestamp: FIRST_TS + i }));
      const set = MessageSet({ messageVersion, compression: 0, entries }).buffer;
      const decoded = await expectSameAsKafkajs(11, fetchAnswer(11, [['old', [{ partition: 0, records: set }]]]));
      expect(decoded.responses[0]!.partitions[0]!.messages).toHaveLength(3);
    }
  });

  it('reads a record set too short to hold a magic byte as empty (kafkajs threw a RangeError)', async () => {
    const answer = fetchAnswer(11, [['t', [{ partition: 0, records: Buffer.alloc(10) }, { partition: 1, records: await ourBatch([rec(0)]) }]]]);
    await expect(kafkajsDecode(11, answer)).rejects.toThrow(RangeError);
    const decoded = await decodeFetchResponse(11, answer);
    expect(decoded.responses[0]!.partitions.map((p) => p.messages.length)).toEqual([0, 1]);
  });
});

describe('installFetchDecoder', () => {
  it('replaces decode on every kafkajs Fetch response module v4–v11 and keeps kafkajs’s parse', () => {
    for (let v = 4; v <= 11; v++) {
      const mod = require(`kafkajs/src/protocol/requests/fetch/v${v}/response.js`) as { decode: { replaced?: unknown }; parse: unknown };
      expect(mod.decode.replaced).toBeTypeOf('function');
      expect(kafkajsFetchDecoders.get(v)).toBe(mod.decode.replaced);
      expect(String(kafkajsFetchDecoders.get(v))).toContain('new Decoder(rawData)'); // kafkajs's own
    }
    const v11 = require('kafkajs/src/protocol/requests/fetch/v11/response.js') as { parse: unknown };
    const v1 = require('kafkajs/src/protocol/requests/fetch/v1/response.js') as { parse: unknown };
    expect(v11.parse).toBe(v1.parse);
  });

  it('refuses, with a clear error, a kafkajs whose Fetch response module is not shaped as 2.2.4’s', () => {
    const mod = require('kafkajs/src/protocol/requests/fetch/v9/response.js') as { parse: unknown };
    const parse = mod.parse;
    mod.parse = undefined;
    try {
      expect(() => installFetchDecoder()).toThrow(KafkajsInternalsChangedError);
      expect(() => installFetchDecoder()).toThrow(/fetch\/v9\/response\.js no longer exports/);
    } finally {
      mod.parse = parse;
    }
  });
});
