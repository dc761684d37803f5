// Replay on the real broker: every filter, both dead-letter header families as Spring
// and Kafka Connect write them, byte-exact fidelity, and the loop guard.
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLAY_HEADERS, replayRequestSchema, type ReplayRequest } from '../../lib/replay-types';
import { testKafkaBrokers, uniqueName } from '../kafka/test-support/test-kafka';
import { startTestServer } from '../test-support/start-test-server';
import { createTopics, fixtureKafka, headerText, produce, readAll, waitFor } from './test-support/replay-fixtures';

let server: Awaited<ReturnType<typeof startTestServer>>;
let kafka: Kafka;
const brokers = testKafkaBrokers();

beforeAll(async () => {
  server = await startTestServer({ brokers });
  kafka = fixtureKafka(brokers);
});
afterAll(() => server?.stop());

const req = (r: ReplayRequest) => replayRequestSchema.parse(r);

/** Starts a job and waits for it to finish; returns the finished job. */
// Source timestamps in the past but inside the test broker's retention (72 h): a record
// older than that is deleted by the broker's next retention check (every 60 s), and a replay
// that read it a moment later failed with OFFSET_OUT_OF_RANGE (seen once in CI).
const DAY_AGO = Math.floor(Date.now() / 1000) * 1000 - 86_400_000;

async function runToEnd(r: ReplayRequest) {
  const job = await server.replay.create(req(r), 'tester');
  await server.replay.settled(job.id);
  return server.replay.get(job.id);
}

describe('filters', () => {
  const topic = uniqueName('replay-filters');
  beforeAll(async () => {
    await createTopics(kafka, [{ topic, partitions: 2 }]);
    await produce(kafka, topic, [
      { partition: 0, key: 'order-1', value: JSON.stringify({ type: 'OrderPlaced', status: 'DECLINED', correlationId: 'c-1' }), headers: { 'x-tenant': 'eu' } },
      { partition: 0, key: 'order-2', value: JSON.stringify({ type: 'PaymentDeclined', status: 'OK', correlationId: 'c-2' }), headers: { 'x-tenant': 'us' } },
      { partition: 1, key: 'cust-1', value: 'plain text', headers: { 'x-tenant': 'eu', 'x-correlation-id': 'c-1', 'ce_type': 'CustomerSeen' } },
      { partition: 1, key: null, value: JSON.stringify({ status: 'DECLINED', amount: 12.5 }), headers: { 'x-tenant': 'eu' } },
    ]);
  });
  const matchedBy = async (filters: Record<string, unknown>) => {
    const p = await server.replay.preview(req({ selection: { kind: 'range', topic, filters }, target: { kind: 'topic', topic } }));
    return p.sample.map((s) => `${s.source.partition}/${s.source.offset}`).sort();
  };

  it('matches on key equals and key prefix', async () => {
    expect(await matchedBy({ keyEquals: 'order-2' })).toEqual(['0/1']);
    expect(await matchedBy({ keyPrefix: 'order-' })).toEqual(['0/0', '0/1']);
  });

  it('matches on a header, an event type and a correlation id (collector conventions: payload or headers)', async () => {
    expect(await matchedBy({ header: { name: 'x-tenant', value: 'eu' } })).toEqual(['0/0', '1/0', '1/1']);
    expect(await matchedBy({ eventType: 'PaymentDeclined' })).toEqual(['0/1']);
    expect(await matchedBy({ eventType: 'CustomerSeen' })).toEqual(['1/0']);
    expect(await matchedBy({ correlationId: 'c-1' })).toEqual(['0/0', '1/0']);
  });

  it('matches on a CEL predicate over value, headers, key and position; a record it cannot evaluate does not match', async () => {
    expect(await matchedBy({ cel: 'value.status == "DECLINED" && headers["x-tenant"] == "eu"' })).toEqual(['0/0', '1/1']);
    expect(await matchedBy({ cel: 'key.startsWith("cust") || (partition == 1 && offset == 1)' })).toEqual(['1/0', '1/1']);
    expect(await matchedBy({ cel: 'value.amount > 10' })).toEqual(['1/1']);
    expect(await matchedBy({ cel: 'value == "plain text"' })).toEqual(['1/0']);
  });

  it('combines filters, limits partitions and offsets, and refuses a CEL predicate that does not parse', async () => {
    expect(await matchedBy({ header: { name: 'x-tenant', value: 'eu' }, keyPrefix: 'order' })).toEqual(['0/0']);
    const one = await server.replay.preview(req({ selection: { kind: 'range', topic, partitions: [1], fromOffset: 1 }, target: { kind: 'topic', topic } }));
    expect(one.total).toBe(1);
    expect(one.sample.map((s) => s.source.offset)).toEqual([1]);
    await expect(matchedBy({ cel: 'value.status ==' })).rejects.toMatchObject({ code: 'INVALID_REPLAY_FILTER' });
  });

  it('counts matches per target in a dry run and runs the same filter for real', async () => {
    const target = uniqueName('replay-filters-out');
    await createTopics(kafka, [{ topic: target }]);
    const r: ReplayRequest = { selection: { kind: 'range', topic, filters: { cel: 'headers["x-tenant"] == "eu"' } }, target: { kind: 'topic', topic: target } };
    const preview = await server.replay.preview(req(r));
    expect(preview).toMatchObject({ total: 4, perTarget: { [target]: 3 }, counts: { read: 4, matched: 3 }, confirmationNeeded: false });
    const job = await runToEnd(r);
    expect(job).toMatchObject({ state: 'completed', progressed: 4, counts: { read: 4, matched: 3, sent: 3, failed: 0 } });
    expect((await readAll(kafka, brokers, target)).map((x) => x.key?.toString() ?? null).sort()).toEqual(['cust-1', 'order-1', null].sort());
  });
});

describe('dead-letter redrive to the origin', () => {
  const dlq = uniqueName('replay-dlq');
  const springOrigin = uniqueName('replay-spring-origin');
  const connectOrigin = uniqueName('replay-connect-origin');
  const int32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeInt32BE(n);
    return b;
  };
  const int64 = (n: bigint) => {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(n);
    return b;
  };
  beforeAll(async () => {
    await createTopics(kafka, [{ topic: dlq }, { topic: springOrigin, partitions: 3 }, { topic: connectOrigin, partitions: 3 }]);
    await produce(kafka, dlq, [
      {
        key: 'spring-1',
        value: '{"n":1}',
        headers: {
          // As Spring Kafka's DeadLetterPublishingRecoverer writes them: raw big-endian numbers.
          'kafka_dlt-original-topic': Buffer.from(springOrigin),
          'kafka_dlt-original-partition': int32(2),
          'kafka_dlt-original-offset': int64(41n),
          'kafka_dlt-original-consumer-group': Buffer.from('billing'),
          'kafka_dlt-exception-fqcn': Buffer.from('java.lang.IllegalStateException'),
          'kafka_dlt-exception-message': Buffer.from('card expired'),
          'kafka_dlt-exception-stacktrace': Buffer.from('java.lang.IllegalStateException: card expired\n\tat Billing.pay'),
          'x-app': Buffer.from('kept'),
        },
      },
      {
        key: 'connect-1',
        value: '{"n":2}',
        headers: {
          // As Kafka Connect's DeadLetterQueueReporter writes them: UTF-8 text.
          '__connect.errors.topic': Buffer.from(connectOrigin),
          '__connect.errors.partition': Buffer.from('1'),
          '__connect.errors.offset': Buffer.from('7'),
          '__connect.errors.connector.name': Buffer.from('jdbc-sink'),
          '__connect.errors.exception.class.name': Buffer.from('org.apache.kafka.connect.errors.DataException'),
          '__connect.errors.exception.message': Buffer.from('bad schema'),
        },
      },
      { key: 'orphan', value: '{"n":3}', headers: { 'x-app': Buffer.from('no dlq headers') } },
      { key: 'broken', value: '{"n":4}', headers: { 'kafka_dlt-original-topic': Buffer.from(springOrigin), 'kafka_dlt-original-partition': Buffer.from([0, 1, 2]) } },
    ]);
  });

  it('groups the dead letters by origin, group and error', async () => {
    const summary = await server.replay.deadLetters(dlq);
    expect(summary.read).toBe(4);
    expect(summary.groups).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ originalTopic: springOrigin, consumerGroup: 'billing', exceptionMessage: 'card expired', family: 'spring', count: 1 }),
        expect.objectContaining({ originalTopic: connectOrigin, consumerGroup: null, exceptionMessage: 'bad schema', family: 'connect', count: 1 }),
        expect.objectContaining({ originalTopic: null, family: null, count: 1 }),
      ]),
    );
  });

  it('sends Spring and Connect dead letters back to their original topic and partition, without the dead-letter headers', async () => {
    const job = await runToEnd({ selection: { kind: 'range', topic: dlq }, target: { kind: 'origin' }, options: { partitioning: 'source' } });
    expect(job.state).toBe('completed');
    expect(job.counts).toEqual({ read: 4, matched: 4, sent: 2, failed: 0, skipped: { 'no-origin': 1, 'no-origin-partition': 1 } });
    const [spring] = await readAll(kafka, brokers, springOrigin);
    expect(spring).toMatchObject({ partition: 2 });
    expect(spring!.key?.toString()).toBe('spring-1');
    expect(spring!.headers.map((h) => h.key)).toEqual(['x-app', REPLAY_HEADERS.id, REPLAY_HEADERS.of, REPLAY_HEADERS.count]);
    expect(headerText(spring!, REPLAY_HEADERS.of)).toBe(`${dlq}/0/0`);
    expect(headerText(spring!, REPLAY_HEADERS.id)).toBe(job.id);
    const [connect] = await readAll(kafka, brokers, connectOrigin);
    expect(connect).toMatchObject({ partition: 1 });
    expect(connect!.headers.map((h) => h.key)).toEqual([REPLAY_HEADERS.id, REPLAY_HEADERS.of, REPLAY_HEADERS.count]);
  });

  it('redrives one group picked by its dead-letter fields, letting the key pick the partition', async () => {
    const p = await server.replay.preview(
      req({ selection: { kind: 'range', topic: dlq, filters: { deadLetter: { originalTopic: connectOrigin, exceptionMessage: 'bad schema' } } }, target: { kind: 'origin' } }),
    );
    expect(p.perTarget).toEqual({ [connectOrigin]: 1 });
    expect(p.confirmationName).toBe(connectOrigin);
    expect(p.sample[0]!.target).toEqual({ topic: connectOrigin, partition: null });
  });
});

describe('fidelity', () => {
  it('sends key, value, headers (repeated and binary, in order) and timestamp byte for byte', async () => {
    const source = uniqueName('replay-fidelity');
    const target = uniqueName('replay-fidelity-out');
    await createTopics(kafka, [{ topic: source, partitions: 2 }, { topic: target, partitions: 2 }]);
    const binary = Buffer.from([0, 255, 1, 254, 0x80, 0x7f]);
    await produce(kafka, source, [
      { partition: 1, key: binary, value: Buffer.concat([binary, Buffer.from('é€')]), timestamp: String(DAY_AGO + 123), headers: { a: Buffer.from([0, 1]), b: [Buffer.from('x'), Buffer.from('y')] } },
      { partition: 0, key: 'k', value: null, timestamp: String(DAY_AGO + 3_600_000), headers: { 'x-tombstone': 'yes' } },
    ]);
    const job = await runToEnd({ selection: { kind: 'range', topic: source }, target: { kind: 'topic', topic: target }, options: { partitioning: 'source' } });
    expect(job.counts.sent).toBe(2);
    const before = await readAll(kafka, brokers, source);
    const after = await readAll(kafka, brokers, target);
    expect(after).toHaveLength(2);
    for (const src of before) {
      const copy = after.find((r) => headerText(r, REPLAY_HEADERS.of) === `${source}/${src.partition}/${src.offset}`)!;
      expect(copy.partition).toBe(src.partition);
      expect(copy.key?.equals(src.key!)).toBe(true);
      expect(copy.value === null ? null : copy.value.toString('hex')).toBe(src.value === null ? null : src.value.toString('hex'));
      expect(copy.timestamp).toBe(src.timestamp);
      const own = new Set<string>(Object.values(REPLAY_HEADERS));
      expect(copy.headers.filter((h) => !own.has(h.key)).map((h) => [h.key, h.value?.toString('hex')])).toEqual(src.headers.map((h) => [h.key, h.value?.toString('hex')]));
      expect(headerText(copy, REPLAY_HEADERS.count)).toBe('1');
    }
  });

  it('cuts a batch that would exceed the broker\'s message size in one partition into several sends', async () => {
    const source = uniqueName('replay-big');
    const target = uniqueName('replay-big-out');
    await createTopics(kafka, [{ topic: source }, { topic: target, partitions: 3 }]);
    // 3 MB under one key: the key sends every copy to one partition, past message.max.bytes (1 MB) if sent at once.
    await produce(kafka, source, Array.from({ length: 3000 }, (_, i) => ({ key: 'same', value: `${i}:${'x'.repeat(1024)}` })));
    const job = await runToEnd({ selection: { kind: 'range', topic: source }, target: { kind: 'topic', topic: target }, options: { ratePerSecond: 0 }, confirmTarget: target });
    expect(job).toMatchObject({ state: 'completed', counts: { read: 3000, sent: 3000, failed: 0 } });
    const copies = await readAll(kafka, brokers, target);
    expect(copies).toHaveLength(3000);
    expect(new Set(copies.map((r) => r.partition)).size).toBe(1);
    expect(copies.map((r) => Number(r.value!.toString().split(':')[0]))).toEqual(Array.from({ length: 3000 }, (_, i) => i));
  });

  it('stamps a new timestamp when asked', async () => {
    const source = uniqueName('replay-newts');
    await createTopics(kafka, [{ topic: source }]);
    await produce(kafka, source, [{ key: 'k', value: 'v', timestamp: String(DAY_AGO) }]);
    const startedAt = Date.now();
    await runToEnd({ selection: { kind: 'range', topic: source }, target: { kind: 'topic', topic: source }, options: { newTimestamp: true } });
    const [, copy] = await readAll(kafka, brokers, source);
    expect(copy!.timestamp).toBeGreaterThanOrEqual(startedAt - 1000);
  });
});

describe('loop guard', () => {
  it('counts replays up and refuses a record at the limit unless the operator raises it', async () => {
    const topic = uniqueName('replay-loop');
    await createTopics(kafka, [{ topic }]);
    await produce(kafka, topic, [{ key: 'k', value: 'v' }]);
    // Replay the topic into itself three times: the copies count 1, 2, 3.
    for (let round = 0; round < 3; round++) {
      const end = round + 1;
      const job = await runToEnd({ selection: { kind: 'range', topic, fromOffset: round, toOffset: end }, target: { kind: 'topic', topic } });
      expect(job.counts.sent).toBe(1);
    }
    const all = await readAll(kafka, brokers, topic);
    expect(all.map((r) => headerText(r, REPLAY_HEADERS.count))).toEqual([null, '1', '2', '3']);
    const refused = await runToEnd({ selection: { kind: 'range', topic, fromOffset: 3 }, target: { kind: 'topic', topic } });
    expect(refused.counts).toMatchObject({ matched: 1, sent: 0, skipped: { 'replay-limit': 1 } });
    const allowed = await runToEnd({ selection: { kind: 'range', topic, fromOffset: 3 }, target: { kind: 'topic', topic }, options: { replayLimit: 5 } });
    expect(allowed.counts.sent).toBe(1);
    const last = (await readAll(kafka, brokers, topic)).at(-1)!;
    expect(headerText(last, REPLAY_HEADERS.count)).toBe('4');
    expect(last.headers.filter((h) => h.key === REPLAY_HEADERS.count)).toHaveLength(1);
  });
});

describe('picked records', () => {
  it('re-sends picked records across topics in the given order and counts the ones gone', async () => {
    const a = uniqueName('replay-pick-a');
    const b = uniqueName('replay-pick-b');
    const target = uniqueName('replay-pick-out');
    await createTopics(kafka, [{ topic: a }, { topic: b }, { topic: target }]);
    await produce(kafka, a, [{ value: 'a0' }, { value: 'a1' }]);
    await produce(kafka, b, [{ value: 'b0' }]);
    const job = await runToEnd({
      selection: { kind: 'records', records: [{ topic: b, partition: 0, offset: 0 }, { topic: a, partition: 0, offset: 1 }, { topic: a, partition: 0, offset: 9 }] },
      target: { kind: 'topic', topic: target },
    });
    expect(job.counts).toMatchObject({ read: 2, sent: 2, skipped: { 'source-gone': 1 } });
    expect((await readAll(kafka, brokers, target)).map((r) => r.value?.toString())).toEqual(['b0', 'a1']);
    await waitFor('job listed', async () => (await server.replay.list()).some((j) => j.id === job.id));
  });

  it("sends each picked record back to its own topic with target 'source' (a trace replay)", async () => {
    const a = uniqueName('replay-own-a');
    const b = uniqueName('replay-own-b');
    await createTopics(kafka, [{ topic: a }, { topic: b }]);
    await produce(kafka, a, [{ value: 'a0' }]);
    await produce(kafka, b, [{ value: 'b0' }]);
    const job = await runToEnd({ selection: { kind: 'records', records: [{ topic: a, partition: 0, offset: 0 }, { topic: b, partition: 0, offset: 0 }] }, target: { kind: 'source' } });
    expect(job.counts.sent).toBe(2);
    expect((await readAll(kafka, brokers, a)).map((r) => [r.value?.toString(), headerText(r, REPLAY_HEADERS.of)])).toEqual([['a0', null], ['a0', `${a}/0/0`]]);
    expect((await readAll(kafka, brokers, b)).map((r) => headerText(r, REPLAY_HEADERS.of))).toEqual([null, `${b}/0/0`]);
  });
});
