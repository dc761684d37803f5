// A job over many picked records (a browser selection, a trace) on the real broker: every
// pick sent once, in the order given, the ones not in the log counted, and read in few
// Fetches (runs of near offsets of one partition share a read).
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLAY_HEADERS, replayRequestSchema } from '../../lib/replay-types';
import { testKafkaBrokers, uniqueName } from '../kafka/test-support/test-kafka';
import { startTestServer } from '../test-support/start-test-server';
import { createTopics, fixtureKafka, headerText, produce, readAll } from './test-support/replay-fixtures';

let server: Awaited<ReturnType<typeof startTestServer>>;
let kafka: Kafka;
const brokers = testKafkaBrokers();
const source = uniqueName('replay-picks-src');
const PER_PARTITION = 3_000;

beforeAll(async () => {
  server = await startTestServer({ brokers });
  kafka = fixtureKafka(brokers);
  await createTopics(kafka, [{ topic: source, partitions: 3 }]);
  await produce(
    kafka,
    source,
    Array.from({ length: 3 * PER_PARTITION }, (_, i) => ({ partition: i % 3, key: `k${i}`, value: `${i % 3}/${Math.floor(i / 3)}:${'x'.repeat(200)}` })),
  );
});
afterAll(() => server?.stop());

/** A fixed pseudo-random order (a trace's order is not the offsets' order). */
function shuffled<T>(items: T[], seed = 7): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('picked records', () => {
  it('sends 2,000 picks across 3 partitions once each, in the given order, and counts the ones not in the log', async () => {
    // Dense runs, sparse picks and far-apart ones, in every partition.
    const picks: { partition: number; offset: number }[] = [];
    for (let p = 0; p < 3; p++) {
      for (let o = 100; o < 400; o++) picks.push({ partition: p, offset: o }); // a contiguous run
      for (let o = 1_000; o < 2_800; o += 4) picks.push({ partition: p, offset: o }); // near picks
      for (let o = 2_900; o < 3_000; o += 50) picks.push({ partition: p, offset: o }); // far apart
    }
    const gone = [
      { partition: 0, offset: PER_PARTITION + 10 },
      { partition: 2, offset: PER_PARTITION + 500 },
    ];
    const ordered = shuffled([...picks.slice(0, 2_000 - gone.length), ...gone]);
    expect(ordered).toHaveLength(2_000);
    const target = uniqueName('replay-picks-out');
    await createTopics(kafka, [{ topic: target }]);

    const started = Date.now();
    const job = await server.replay.create(
      replayRequestSchema.parse({
        selection: { kind: 'records', records: ordered.map((p) => ({ topic: source, ...p })) },
        target: { kind: 'topic', topic: target },
        options: { ratePerSecond: 0 },
        confirmTarget: target,
      }),
      'tester',
    );
    await server.replay.settled(job.id);
    const tookMs = Date.now() - started;
    console.log(`[replay-picks] 2,000 picks across 3 partitions replayed in ${tookMs} ms`);

    const done = await server.replay.get(job.id);
    expect(done.state).toBe('completed');
    expect(done.counts).toMatchObject({ read: 1_998, matched: 1_998, sent: 1_998, failed: 0, skipped: { 'source-gone': 2 } });
    expect(done.progressed).toBe(2_000);
    const copies = await readAll(kafka, brokers, target);
    const expected = ordered.filter((p) => p.offset < PER_PARTITION);
    expect(copies.map((r) => headerText(r, REPLAY_HEADERS.of))).toEqual(expected.map((p) => `${source}/${p.partition}/${p.offset}`));
    expect(copies.map((r) => r.value!.toString().split(':')[0])).toEqual(expected.map((p) => `${p.partition}/${p.offset}`));
  }, 120_000);
});
