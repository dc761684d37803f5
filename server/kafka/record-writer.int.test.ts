// The replay writer's own idempotent producer on the real broker: what it writes is what
// it was given, byte for byte (a null header value included, which kafkajs's producer
// could not write), each partition in order, sends from several callers one after the
// other, and a refused send leaves the producer fit for the next.
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger';
import { createKafkaService, type KafkaService, type OutgoingRecord, type RecordWriter } from './index';
import { testKafkaBrokers, uniqueName } from './test-support/test-kafka';

const brokers = testKafkaBrokers();
let service: KafkaService;
let writer: RecordWriter;
const kafka = new Kafka({ brokers, clientId: 'record-writer-test', logLevel: logLevel.NOTHING });

beforeAll(() => {
  service = createKafkaService({ brokers, clientId: 'record-writer-test-service' }, createLogger({ level: 'error' }));
  writer = service.recordWriter();
});
afterAll(async () => {
  await writer?.close();
  await service?.close();
});

async function createTopic(partitions: number) {
  const topic = uniqueName('writer');
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: partitions }] });
  await admin.disconnect();
  return topic;
}

async function readAll(topic: string) {
  const reader = service.recordReader();
  try {
    const out = [];
    for (const p of await reader.partitionRanges(topic)) {
      for (let at = p.logStart; at < p.logEnd; ) {
        const got = await reader.readRange(topic, p.partition, at, p.logEnd, 5_000);
        if (!got.length) break;
        out.push(...got);
        at = got.at(-1)!.offset + 1;
      }
    }
    return out;
  } finally {
    await reader.close();
  }
}

const record = (i: number, partition?: number): OutgoingRecord => ({
  key: i % 7 === 0 ? null : Buffer.from(`key-${i}`),
  value: i % 11 === 0 ? null : Buffer.from(JSON.stringify({ i, pad: 'x'.repeat(i % 1000) })),
  headers: [
    { key: 'seq', value: Buffer.from(String(i)) },
    { key: 'dup', value: Buffer.from([0, 255]) },
    { key: 'dup', value: null },
    { key: 'ünï', value: Buffer.alloc(0) },
  ],
  timestamp: 1_700_000_000_000 + (i % 5) * 86_400_000 * 40, // out of order, deltas beyond 32 bits
  partition,
});

describe('the replay writer', () => {
  it('writes bytes, headers (repeated, null, empty) and timestamps as given, each partition in order', async () => {
    const topic = await createTopic(2);
    // 4,000 records of up to ~1 KB: over 1 MB per partition, so several batches each, in flight together.
    const records = Array.from({ length: 4_000 }, (_, i) => record(i, i % 2));
    await writer.send([{ topic, records }]);
    const back = await readAll(topic);
    expect(back.length).toBe(records.length);
    for (const partition of [0, 1]) {
      const sent = records.filter((r) => r.partition === partition);
      const got = back.filter((r) => r.partition === partition);
      expect(got.map((r) => r.headers[0]!.value!.toString())).toEqual(sent.map((r) => r.headers[0]!.value!.toString()));
      got.forEach((r, n) => {
        const s = sent[n]!;
        expect(r.key).toEqual(s.key);
        expect(r.value).toEqual(s.value);
        expect(r.timestamp).toBe(s.timestamp);
        expect(r.headers).toEqual(s.headers);
      });
    }
  }, 60_000);

  it('lets the key pick the partition (one key, one partition), and takes sends from several callers one after the other', async () => {
    const topic = await createTopic(3);
    const keyed = (caller: string, i: number): OutgoingRecord => ({ key: Buffer.from(`order-${i % 9}`), value: Buffer.from(`${caller}:${i}`), headers: [] });
    await Promise.all(['a', 'b', 'c'].map((caller) => writer.send([{ topic, records: Array.from({ length: 900 }, (_, i) => keyed(caller, i)) }])));
    const back = await readAll(topic);
    expect(back.length).toBe(2_700);
    // The same key always lands in the same partition, and each caller's records of a key keep their order.
    const partitionOfKey = new Map<string, number>();
    for (const r of back) {
      const key = r.key!.toString();
      expect(partitionOfKey.get(key) ?? r.partition).toBe(r.partition);
      partitionOfKey.set(key, r.partition);
    }
    expect(new Set(partitionOfKey.values()).size).toBeGreaterThan(1);
    for (const caller of ['a', 'b', 'c']) {
      for (const key of partitionOfKey.keys()) {
        const seq = back.filter((r) => r.key!.toString() === key && r.value!.toString().startsWith(`${caller}:`)).map((r) => Number(r.value!.toString().split(':')[1]));
        expect(seq).toEqual([...seq].sort((x, y) => x - y));
      }
    }
  }, 60_000);

  it('refuses a topic that does not exist with TopicNotFoundError, and sends on afterwards', async () => {
    await expect(writer.send([{ topic: uniqueName('writer-missing'), records: [record(1)] }])).rejects.toMatchObject({ code: 'TOPIC_NOT_FOUND' });
    const topic = await createTopic(1);
    await writer.send([{ topic, records: [record(1), record(2)] }]);
    expect((await readAll(topic)).map((r) => r.headers[0]!.value!.toString())).toEqual(['1', '2']);
  }, 60_000);
});
