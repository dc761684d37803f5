// Retention deleting source records under a running job, on the real broker: the log start
// of a partition is moved past the job's position (DeleteRecords, what retention does) while
// a rate-limited job reads it. The job skips what is gone, reads on from the new log start,
// counts the gone offsets as `source-gone`, says so in the audit log, and completes. Picked
// records below the log start are counted the same way.
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLAY_HEADERS, replayRequestSchema } from '../../lib/replay-types';
import { testKafkaBrokers, uniqueName } from '../kafka/test-support/test-kafka';
import { startTestServer } from '../test-support/start-test-server';
import { createTopics, fixtureKafka, headerText, produce, readAll, waitFor } from './test-support/replay-fixtures';

let server: Awaited<ReturnType<typeof startTestServer>>;
let kafka: Kafka;
const brokers = testKafkaBrokers();
const PER_PARTITION = 1_500;
/** Partition 0's new log start: everything below it is deleted while the job runs. */
const NEW_LOG_START = 1_000;

beforeAll(async () => {
  server = await startTestServer({ brokers });
  kafka = fixtureKafka(brokers);
});
afterAll(() => server?.stop());

describe('source records deleted while a job reads them', () => {
  it('skips the gone records, reads on from the new log start, counts them as source-gone and completes', async () => {
    const source = uniqueName('replay-gone-src');
    const target = uniqueName('replay-gone-out');
    await createTopics(kafka, [{ topic: source, partitions: 2 }, { topic: target }]);
    await produce(
      kafka,
      source,
      Array.from({ length: 2 * PER_PARTITION }, (_, i) => ({ partition: i % 2, key: `k${i}`, value: `${i % 2}/${Math.floor(i / 2)}:${'x'.repeat(300)}` })),
    );
    const job = await server.replay.create(
      replayRequestSchema.parse({ selection: { kind: 'range', topic: source }, target: { kind: 'topic', topic: target }, options: { ratePerSecond: 400 }, confirmTarget: target }),
      'tester',
    );
    expect(job.total).toBe(2 * PER_PARTITION);
    await waitFor('the first records sent', async () => (await server.replay.get(job.id)).counts.sent >= 200);
    await deleteRecordsBelow(source, 0, NEW_LOG_START);
    const sentBefore = (await server.replay.get(job.id)).counts.sent;
    expect(sentBefore).toBeLessThan(NEW_LOG_START); // the job had not read past the deleted offsets yet

    await waitFor('the job to finish', async () => (await server.replay.get(job.id)).state !== 'running', 60_000);
    const done = await server.replay.get(job.id);
    expect(done.state).toBe('completed');
    expect(done.error).toBeNull();
    const gone = done.counts.skipped['source-gone'] ?? 0;
    expect(gone).toBeGreaterThan(0);
    expect(done.counts.sent + gone).toBe(2 * PER_PARTITION);
    expect(done.counts.read).toBe(done.counts.sent);
    expect(done.progressed).toBe(2 * PER_PARTITION);

    // Exactly what was there when read went out: partition 0's offsets below the first gone one, then from the new log start; all of partition 1.
    const copies = await readAll(kafka, brokers, target);
    expect(copies).toHaveLength(done.counts.sent);
    const sentOf = (partition: number) =>
      copies
        .map((r) => headerText(r, REPLAY_HEADERS.of)!)
        .filter((of) => of.startsWith(`${source}/${partition}/`))
        .map((of) => Number(of.split('/')[2]));
    const firstGone = NEW_LOG_START - gone;
    expect(sentOf(0)).toEqual([...Array.from({ length: firstGone }, (_, i) => i), ...Array.from({ length: PER_PARTITION - NEW_LOG_START }, (_, i) => NEW_LOG_START + i)]);
    expect(sentOf(1)).toEqual(Array.from({ length: PER_PARTITION }, (_, i) => i));

    // The audit log says how many were gone, and where.
    const { entries } = await server.auth.audit.page({ limit: 50 });
    const noted = entries.filter((e) => e.action === 'replay.source-gone' && e.target === job.id);
    expect(noted.length).toBeGreaterThan(0);
    const details = noted.map((e) => e.detail as { count: number; topic: string; partition: number; fromOffset: number; toOffset: number });
    expect(details.reduce((n, d) => n + d.count, 0)).toBe(gone);
    expect(details.every((d) => d.topic === source && d.partition === 0 && d.toOffset === NEW_LOG_START)).toBe(true);
    expect(Math.min(...details.map((d) => d.fromOffset))).toBe(firstGone);
  }, 90_000);

  it('counts picked records below the log start as source-gone and sends the rest in the picks\' order', async () => {
    const source = uniqueName('replay-gone-picks');
    const target = uniqueName('replay-gone-picks-out');
    await createTopics(kafka, [{ topic: source }, { topic: target }]);
    await produce(kafka, source, Array.from({ length: 20 }, (_, i) => ({ value: `v${i}` })));
    await deleteRecordsBelow(source, 0, 10);
    const job = await server.replay.create(
      replayRequestSchema.parse({
        selection: { kind: 'records', records: [15, 3, 12, 9, 10, 25].map((offset) => ({ topic: source, partition: 0, offset })) },
        target: { kind: 'topic', topic: target },
      }),
      'tester',
    );
    await server.replay.settled(job.id);
    const done = await server.replay.get(job.id);
    expect(done.state).toBe('completed');
    expect(done.counts).toMatchObject({ read: 3, sent: 3, skipped: { 'source-gone': 3 } });
    expect((await readAll(kafka, brokers, target)).map((r) => r.value!.toString())).toEqual(['v15', 'v12', 'v10']);
    const { entries } = await server.auth.audit.page({ limit: 50 });
    expect(entries.find((e) => e.action === 'replay.source-gone' && e.target === job.id)?.detail).toMatchObject({ count: 3, picked: true });
  });
});

/** Moves a partition's log start to `offset`, as retention does (DeleteRecords). */
async function deleteRecordsBelow(topic: string, partition: number, offset: number) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    // kafkajs's deleteTopicRecords finds leaders in metadata it must have loaded first.
    await admin.fetchTopicMetadata({ topics: [topic] });
    await admin.deleteTopicRecords({ topic, partitions: [{ partition, offset: String(offset) }] });
  } finally {
    await admin.disconnect();
  }
}
