// Our Fetch decoder on real broker answers: records kcat (librdkafka) writes in every codec,
// and a kafkajs transaction that aborts then commits, read through the record reader
// (broker.fetch) and a kafkajs consumer (eachBatch). Every Fetch answer the process gets is
// also decoded by kafkajs 2.2.4's own decoder and the two objects compared.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import type { Admin, Consumer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaService, type KafkaService } from './index';
import { compressionStats } from './compression-codecs';
import { kafkajsFetchDecoders } from './install-fetch-decoder';
import { testKafkaBrokers, uniqueName } from './test-support/test-kafka';
import { createLogger } from '../log/logger';

const require = createRequire(import.meta.url);
type Decode = (raw: Buffer) => Promise<unknown>;
const CODECS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
const COUNT = 60;

let kafka: KafkaService;
let admin: Admin;
const ns = uniqueName('fetchdec');
const topicOf = (codec: string) => `${ns}.${codec}`;
const txnTopic = `${ns}.txn`;
/** A record bigger than every byte limit asked below: the broker still sends its whole batch (KIP-74). */
const bigTopic = `${ns}.big`;
const BIG = 2 * 1024 * 1024;

/** Fetch answers decoded by both decoders, by Fetch version, and the ones that differed. */
const compared = new Map<number, number>();
const differences: string[] = [];
const restore: (() => void)[] = [];

function canonical(x: unknown): unknown {
  if (Buffer.isBuffer(x)) return `buffer:${x.toString('base64')}`;
  if (Array.isArray(x)) return x.map(canonical);
  if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, canonical(v)]));
  return x;
}

/** Wraps the installed decoder of every Fetch version so each real answer is checked against kafkajs's. */
function compareEveryAnswer() {
  for (let v = 4; v <= 11; v++) {
    const mod = require(`kafkajs/src/protocol/requests/fetch/v${v}/response.js`) as { decode: Decode };
    const ours = mod.decode;
    const theirs = kafkajsFetchDecoders.get(v)!;
    mod.decode = async (raw) => {
      const [a, b] = await Promise.all([ours(raw), theirs(raw)]);
      if (JSON.stringify(canonical(a)) !== JSON.stringify(canonical(b))) differences.push(`v${v}: ${raw.length} bytes`);
      compared.set(v, (compared.get(v) ?? 0) + 1);
      return a;
    };
    restore.push(() => (mod.decode = ours));
  }
}

const line = (codec: string, i: number) => `k-${i}\t${i % 10 === 3 ? '' : JSON.stringify({ i, codec, pad: 'compressible '.repeat(20) })}`;

function kcat(topic: string, codec: string) {
  const lines = Array.from({ length: COUNT }, (_, i) => line(codec, i));
  execFileSync('kcat', ['-b', testKafkaBrokers()[0]!, '-t', topic, '-p', '0', '-z', codec, '-P', '-K', '\t', '-H', 'ce_type=t.v1', '-H', 'dup=a', '-H', 'dup=b', '-X', 'linger.ms=20', '-X', 'batch.num.messages=25'], {
    input: lines.join('\n') + '\n',
  });
}

async function transactions() {
  const producer = kafka.client.producer({ transactionalId: uniqueName('fetchdec-txn'), idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  for (const [outcome, n] of [['abort', 3], ['commit', 2]] as const) {
    const t = await producer.transaction();
    await t.send({ topic: txnTopic, messages: Array.from({ length: n }, (_, i) => ({ key: `${outcome}-${i}`, value: outcome })) });
    await (outcome === 'abort' ? t.abort() : t.commit());
  }
  await producer.disconnect();
}

beforeAll(async () => {
  kafka = createKafkaService({ brokers: testKafkaBrokers(), clientId: 'fetch-decoder-int' }, createLogger({ level: 'error' }));
  compareEveryAnswer();
  admin = kafka.client.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [...CODECS.map(topicOf), txnTopic].map((topic) => ({ topic, numPartitions: 1 })) });
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic: bigTopic, numPartitions: 1, configEntries: [{ name: 'max.message.bytes', value: String(3 * 1024 * 1024) }] }] });
  for (const codec of CODECS) kcat(topicOf(codec), codec);
  await transactions();
  const producer = kafka.client.producer();
  await producer.connect();
  await producer.send({ topic: bigTopic, messages: [{ value: 'before' }] });
  await producer.send({ topic: bigTopic, messages: [{ key: 'big', value: Buffer.alloc(BIG, 'b') }] });
  await producer.send({ topic: bigTopic, messages: [{ value: 'after' }] });
  await producer.disconnect();
}, 60_000);

afterAll(async () => {
  for (const r of restore) r();
  await admin?.disconnect();
  await kafka?.close();
});

function expectKcatRecords(codec: string, got: { offset: string; key: string; value: string; headers: Record<string, unknown> }[]) {
  expect(got.map((r) => r.offset)).toEqual(Array.from({ length: COUNT }, (_, i) => String(i)));
  expect(got.map((r) => `${r.key}\t${r.value}`)).toEqual(Array.from({ length: COUNT }, (_, i) => line(codec, i)));
  for (const r of got) expect(r.headers).toEqual({ ce_type: 't.v1', dup: ['a', 'b'] });
}

const text = (b: Buffer | null | undefined) => b?.toString() ?? '';

describe('our Fetch decoder on real answers', () => {
  it.each(CODECS)('%s: the record reader reads kcat’s records, headers and empty values', async (codec) => {
    const reader = kafka.recordReader();
    try {
      const [range] = await reader.partitionRanges(topicOf(codec));
      expect(range!.logEnd).toBe(COUNT);
      const records = await reader.readRange(topicOf(codec), 0, 0, COUNT, 1000, { fetchBytes: 4096 });
      expectKcatRecords(
        codec,
        records.map((r) => ({
          offset: String(r.offset),
          key: text(r.key),
          value: text(r.value),
          headers: { ce_type: 't.v1', dup: r.headers.filter((h) => h.key === 'dup').map((h) => text(h.value)) },
        })),
      );
      expect(records.map((r) => r.headers.map((h) => h.key))).toEqual(Array(COUNT).fill(['ce_type', 'dup', 'dup']));
    } finally {
      await reader.close();
    }
  });

  it('the record reader reads a record bigger than the bytes it asks for', async () => {
    const reader = kafka.recordReader();
    try {
      const records = await reader.readRange(bigTopic, 0, 0, 3, 10, { fetchBytes: 64 * 1024 });
      expect(records.map((r) => [r.offset, r.value!.length])).toEqual([[0, 6], [1, BIG], [2, 5]]);
      expect(records[1]!.value!.equals(Buffer.alloc(BIG, 'b'))).toBe(true);
    } finally {
      await reader.close();
    }
  });

  it('a kafkajs consumer (eachBatch) reads every codec’s records, and only the committed transaction', async () => {
    const seen = new Map<string, { offset: string; key: string; value: string; headers: Record<string, unknown> }[]>();
    const consumer: Consumer = kafka.client.consumer({ groupId: uniqueName('fetchdec-group'), maxWaitTimeInMs: 100, maxBytesPerPartition: 2048 });
    await consumer.connect();
    await consumer.subscribe({ topics: [...CODECS.map(topicOf), txnTopic, bigTopic], fromBeginning: true });
    const total = () => [...seen.values()].reduce((n, l) => n + l.length, 0);
    await consumer.run({
      eachBatch: async ({ batch }) => {
        const list = seen.get(batch.topic) ?? [];
        for (const m of batch.messages) {
          const h = m.headers ?? {};
          const headers = Object.fromEntries(Object.entries(h).map(([k, v]) => [k, Array.isArray(v) ? v.map((x) => text(x as Buffer)) : text(v as Buffer)]));
          list.push({ offset: m.offset, key: text(m.key), value: text(m.value), headers });
        }
        seen.set(batch.topic, list);
      },
    });
    try {
      await expect.poll(total, { timeout: 30_000, interval: 100 }).toBe(COUNT * CODECS.length + 2 + 3);
    } finally {
      await consumer.disconnect();
    }
    for (const codec of CODECS) expectKcatRecords(codec, seen.get(topicOf(codec))!);
    // Aborted: offsets 0–2, marker 3. Committed: 4–5, marker 6.
    expect(seen.get(txnTopic)!.map((r) => [r.offset, r.key, r.value])).toEqual([['4', 'commit-0', 'commit'], ['5', 'commit-1', 'commit']]);
    expect(seen.get(bigTopic)!.map((r) => [r.offset, r.value.length])).toEqual([['0', 6], ['1', BIG], ['2', 5]]);
  });

  it('decoded every answer exactly as kafkajs 2.2.4 does, and the broker answered Fetch v11', () => {
    expect(differences).toEqual([]);
    expect([...compared.keys()]).toEqual([11]);
    expect(compared.get(11)).toBeGreaterThan(CODECS.length); // at least a read per codec, and the consumer's
    // The batches were compressed: each codec's (synchronous) decoder ran.
    for (const codec of CODECS.filter((c) => c !== 'none')) expect(compressionStats().decoded[codec] ?? 0).toBeGreaterThan(0);
  });
});
