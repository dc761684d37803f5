import type { Admin, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageQuerySchema, type MessageQuery } from '../../lib/message-types';
import { createKafkaService, TopicNotFoundError, type KafkaService } from '../kafka';
import { testKafkaBrokers, uniqueName } from '../kafka/test-support/test-kafka';
import { createLogger } from '../log/logger';
import { OffsetOutOfRangeError } from '../kafka';
import { createMessageBrowser, PartitionNotFoundError, type MessageBrowser } from './index';

const log = createLogger({ level: 'error' });
let kafka: KafkaService;
let admin: Admin;
let producer: Producer;
let browser: MessageBrowser;
let groupsBefore: string[];

const q = (query: Record<string, string | number>): MessageQuery =>
  messageQuerySchema.parse(Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])));

async function topicWith(partitions = 1, config: { name: string; value: string }[] = []) {
  const topic = uniqueName('msg');
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: partitions, replicationFactor: 1, configEntries: config }] });
  return topic;
}

beforeAll(async () => {
  kafka = createKafkaService({ brokers: testKafkaBrokers(), clientId: 'messages-int-test' }, log);
  admin = kafka.client.admin();
  await admin.connect();
  producer = kafka.client.producer();
  await producer.connect();
  groupsBefore = (await admin.listGroups()).groups.map((g) => g.groupId).sort();
  browser = createMessageBrowser({ kafka });
});
afterAll(async () => {
  await browser?.close();
  await producer?.disconnect();
  await admin?.disconnect();
  await kafka?.close();
});

describe('message browser on the real broker', () => {
  let topic: string;
  // Inside the test broker's retention (72 h): older records are deleted at its next check (every 60 s).
  const base = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 2 * 3_600_000;
  beforeAll(async () => {
    topic = await topicWith();
    await producer.send({
      topic,
      messages: Array.from({ length: 30 }, (_, i) => ({
        partition: 0,
        key: `k${i}`,
        value: JSON.stringify({ n: i }),
        timestamp: String(base + i * 1000),
        headers: { source: 'int-test' },
      })),
    });
  });

  it('reads a page from an offset: exactly those records, in order, decoded', async () => {
    const page = await browser.page(topic, q({ partition: 0, offset: 10, limit: 5 }));
    expect(page.records.map((r) => r.offset)).toEqual([10, 11, 12, 13, 14]);
    expect(page.records.map((r) => r.key?.preview)).toEqual(['k10', 'k11', 'k12', 'k13', 'k14']);
    const r = page.records[0]!;
    expect(r.value).toEqual({ kind: 'json', preview: '{\n  "n": 10\n}', size: 8, truncated: false });
    expect(r.timestamp).toBe(base + 10_000);
    expect(r.timestampType).toBe('create');
    expect(r.headers).toEqual([{ key: 'source', value: { kind: 'text', preview: 'int-test', size: 8, truncated: false } }]);
    expect(r.size).toBe(3 + 8 + 6 + 8);
    expect(page.partitions).toEqual([{ partition: 0, logStart: 0, logEnd: 30 }]);
    expect(page).toMatchObject({ partition: 0, hasOlder: true, hasNewer: true });
  });

  it('shows records before a deep-linked offset when asked for context', async () => {
    const page = await browser.page(topic, q({ partition: 0, offset: 2, context: 5, limit: 6 }));
    expect(page.records.map((r) => r.offset)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(page.hasOlder).toBe(false);
  });

  it('starts at a timestamp', async () => {
    const page = await browser.page(topic, q({ partition: 0, timestamp: base + 5_500, limit: 3 }));
    expect(page.resolvedOffset).toBe(6);
    expect(page.records.map((r) => r.offset)).toEqual([6, 7, 8]);
    const iso = await browser.page(topic, q({ partition: 0, timestamp: new Date(base + 29_000).toISOString(), limit: 3 }));
    expect(iso.records.map((r) => r.offset)).toEqual([29]);
    const later = await browser.page(topic, q({ partition: 0, timestamp: base + 60_000 }));
    expect(later.records).toEqual([]);
    expect(later.resolvedOffset).toBe(30);
  });

  it('reads the newest N, and pages back to older records', async () => {
    const newest = await browser.page(topic, q({ partition: 0, limit: 5 }));
    expect(newest.records.map((r) => r.offset)).toEqual([25, 26, 27, 28, 29]);
    expect(newest).toMatchObject({ hasOlder: true, hasNewer: false });
    const older = await browser.page(topic, q({ partition: 0, before: 25, limit: 5 }));
    expect(older.records.map((r) => r.offset)).toEqual([20, 21, 22, 23, 24]);
    const first = await browser.page(topic, q({ partition: 0, before: 3, limit: 5 }));
    expect(first.records.map((r) => r.offset)).toEqual([0, 1, 2]);
    expect(first.hasOlder).toBe(false);
  });

  it('refuses an offset outside the log with the valid range, and an unknown partition', async () => {
    const err = await browser.page(topic, q({ partition: 0, offset: 30 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OffsetOutOfRangeError);
    expect((err as OffsetOutOfRangeError).httpStatus).toBe(400);
    expect((err as Error).message).toContain('readable offsets are 0 to 29');
    const p = await browser.page(topic, q({ partition: 3, offset: 0 })).catch((e: unknown) => e);
    expect(p).toBeInstanceOf(PartitionNotFoundError);
    expect((p as Error).message).toContain('partitions are 0 to 0');
  });

  it('answers TopicNotFoundError (404) for a topic that does not exist, and keeps working after', async () => {
    const err = await browser.page('no-such-topic-' + Date.now(), q({})).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TopicNotFoundError);
    expect((err as TopicNotFoundError).httpStatus).toBe(404);
    expect((await browser.page(topic, q({ partition: 0, limit: 1 }))).records).toHaveLength(1);
  });
});

describe('payloads', () => {
  it('flags a binary payload and shows it as hex', async () => {
    const topic = await topicWith();
    await producer.send({ topic, messages: [{ key: Buffer.from([0xff, 0x00]), value: Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00]), headers: { bin: Buffer.from([0x80]) } }] });
    const [r] = (await browser.page(topic, q({ partition: 0 }))).records;
    expect(r!.value).toEqual({ kind: 'binary', preview: 'de ad be ef 00', size: 5, truncated: false });
    expect(r!.key).toEqual({ kind: 'binary', preview: 'ff 00', size: 2, truncated: false });
    expect(r!.headers).toEqual([{ key: 'bin', value: { kind: 'binary', preview: '80', size: 1, truncated: false } }]);
  });

  it('caps a 2 MB record at the preview size and says how big it was', async () => {
    const topic = await topicWith(1, [{ name: 'max.message.bytes', value: String(4 * 1024 * 1024) }]);
    const big = 'a'.repeat(2 * 1024 * 1024);
    await producer.send({ topic, messages: [{ value: 'small-before' }, { value: big }, { value: 'small-after' }] });
    const page = await browser.page(topic, q({ partition: 0, offset: 0 }));
    expect(page.records.map((r) => r.value?.size)).toEqual([12, 2 * 1024 * 1024, 11]);
    const v = page.records[1]!.value!;
    expect(v).toMatchObject({ kind: 'text', truncated: true, size: 2 * 1024 * 1024 });
    expect(v.preview).toHaveLength(64 * 1024);
    expect(page.records[1]!.size).toBe(2 * 1024 * 1024);
  });

  it('ends a page of huge records at 32 MB and lets the next page carry on', async () => {
    const topic = await topicWith(1, [{ name: 'max.message.bytes', value: String(4 * 1024 * 1024) }]);
    const big = Buffer.alloc(2 * 1024 * 1024, 0x61);
    for (let i = 0; i < 20; i++) await producer.send({ topic, messages: [{ value: big }] });
    const first = await browser.page(topic, q({ partition: 0, offset: 0, limit: 50 }));
    expect(first.records.map((r) => r.offset)).toEqual(Array.from({ length: 16 }, (_, i) => i));
    expect(first.hasNewer).toBe(true);
    const newest = await browser.page(topic, q({ partition: 0, limit: 50 }));
    expect(newest.records.map((r) => r.offset)).toEqual(Array.from({ length: 16 }, (_, i) => i + 4));
    expect(newest.hasOlder).toBe(true);
  });
});

describe('transactions and partitions', () => {
  it('never shows transaction markers or aborted records as records', async () => {
    const topic = await topicWith();
    const tx = kafka.client.producer({ transactionalId: uniqueName('tx'), idempotent: true, maxInFlightRequests: 1 });
    await tx.connect();
    try {
      const send = async (values: string[], commit: boolean) => {
        const t = await tx.transaction();
        await t.send({ topic, messages: values.map((value) => ({ partition: 0, value })) });
        await (commit ? t.commit() : t.abort());
      };
      await send(['c0', 'c1', 'c2'], true); // offsets 0-2, marker 3
      await send(['a0', 'a1'], false); // 4-5 aborted, marker 6
      await send(['d0', 'd1'], true); // 7-8, marker 9
    } finally {
      await tx.disconnect();
    }
    const newest = await browser.page(topic, q({ partition: 0, limit: 10 }));
    expect(newest.records.map((r) => [r.offset, r.value?.preview])).toEqual([[0, 'c0'], [1, 'c1'], [2, 'c2'], [7, 'd0'], [8, 'd1']]);
    expect(newest.partitions[0]).toEqual({ partition: 0, logStart: 0, logEnd: 10 });
    const fromOffset = await browser.page(topic, q({ partition: 0, offset: 2, limit: 2 }));
    expect(fromOffset.records.map((r) => r.offset)).toEqual([2, 7]);
    // The newest 2 need a wider window than 2 offsets (markers 9 and 6, aborted 4-5).
    const two = await browser.page(topic, q({ partition: 0, limit: 3 }));
    expect(two.records.map((r) => r.offset)).toEqual([2, 7, 8]);
  });

  it('merges the newest records of all partitions by timestamp, and starts all of them at a timestamp', async () => {
    const topic = await topicWith(3);
    const base = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000;
    await producer.send({
      topic,
      messages: Array.from({ length: 12 }, (_, i) => ({ partition: i % 3, value: `v${i}`, timestamp: String(base + i * 1000) })),
    });
    const newest = await browser.page(topic, q({ limit: 4 }));
    expect(newest.partition).toBeNull();
    expect(newest.records.map((r) => r.value?.preview)).toEqual(['v8', 'v9', 'v10', 'v11']);
    expect(newest.records.map((r) => r.partition)).toEqual([2, 0, 1, 2]);
    const fromTime = await browser.page(topic, q({ timestamp: base + 4_000, limit: 3 }));
    expect(fromTime.records.map((r) => r.value?.preview)).toEqual(['v4', 'v5', 'v6']);
  });

  it('left no consumer group behind', async () => {
    const after = (await admin.listGroups()).groups.map((g) => g.groupId).sort();
    expect(after).toEqual(groupsBefore);
  });
});

describe('when Kafka is down', () => {
  it('answers KafkaUnavailableError (503, retriable)', async () => {
    const down = createKafkaService({ brokers: ['127.0.0.1:1'], clientId: 'messages-down-test' }, log);
    const b = createMessageBrowser({ kafka: down });
    try {
      const err = (await b.page('orders', q({})).catch((e: unknown) => e)) as { code: string; httpStatus: number; retriable: boolean };
      expect(err).toMatchObject({ code: 'KAFKA_UNAVAILABLE', httpStatus: 503, retriable: true });
    } finally {
      await b.close();
      await down.close();
    }
  });
});
