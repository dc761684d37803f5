// kill -9 of the server mid-job: on restart the job resumes from its checkpoint, every
// matched record reaches the target at least once, and copies stay within the batch that
// was in flight, which the job reports.
import { afterEach, describe, expect, it } from 'vitest';
import { REPLAY_HEADERS } from '../../lib/replay-types';
import { testKafkaBrokers, uniqueName } from '../kafka/test-support/test-kafka';
import { createTopics, fixtureKafka, headerText, produce, readAll } from './test-support/replay-fixtures';
import { createServerChildren, sharedJobsDatabase } from './test-support/replay-server-children';

const brokers = testKafkaBrokers();
const { start: startServer, kill, killAll } = createServerChildren(brokers);

afterEach(killAll);

const { serverEnv, jobRow } = sharedJobsDatabase('replay_kill');

describe('a replay job across a kill -9 of the server', () => {
  it('resumes from its checkpoint with exact counts and reports the possible copies', async () => {
    const kafka = fixtureKafka(brokers);
    const source = uniqueName('replay-kill-src');
    const target = uniqueName('replay-kill-out');
    const N = 12_000;
    await createTopics(kafka, [{ topic: source, partitions: 3 }, { topic: target, partitions: 3 }]);
    await produce(kafka, source, Array.from({ length: N }, (_, i) => ({ partition: i % 3, key: `k${i}`, value: JSON.stringify({ i, pad: 'x'.repeat(200) }) })));
    expect((await readAll(kafka, brokers, source)).length).toBe(N);
    const env = serverEnv();
    const request = {
      selection: { kind: 'range', topic: source, filters: { cel: 'value.i % 4 != 3' } },
      target: { kind: 'topic', topic: target },
      options: { ratePerSecond: 3_000 },
      confirmTarget: target,
    };
    const first = startServer({ ...env, REPLAY_REQUEST: JSON.stringify(request) });
    const id = await first.jobId;
    await expect.poll(async () => (await jobRow(id)).sentCount, { timeout: 60_000, interval: 20 }).toBeGreaterThan(2_000);
    // Aim the kill at a batch in flight (marked, not yet acknowledged): the case that can copy.
    await expect.poll(async () => (await jobRow(id)).inFlight, { timeout: 30_000, interval: 2 }).toBeGreaterThan(0);
    await kill(first.child, 'SIGKILL');
    const atKill = await jobRow(id);
    expect(atKill.state).toBe('running');
    expect(atKill.sentCount).toBeLessThan((N * 3) / 4);

    const second = startServer(env);
    await expect.poll(async () => (await jobRow(id)).state, { timeout: 60_000, interval: 200 }).toBe('completed');
    await kill(second.child, 'SIGTERM');
    const done = await jobRow(id);
    const matched = (N * 3) / 4;
    console.log(`replay kill test: killed at ${atKill.sentCount} sent with ${atKill.inFlight} in flight; final ${done.sentCount} sent, ${done.possibleDuplicates} possible copies`, JSON.stringify({ atKill: { read: atKill.readCount, cp: atKill.checkpoint }, done: { read: done.readCount, cp: done.checkpoint } }));
    expect({ read: done.readCount, matched: done.matchedCount, sent: done.sentCount, failed: done.failedCount }).toEqual({ read: N, matched, sent: matched, failed: 0 });
    expect(done.possibleDuplicates).toBe(atKill.inFlight);

    const copies = await readAll(kafka, brokers, target);
    const sources = copies.map((r) => headerText(r, REPLAY_HEADERS.of));
    expect(new Set(sources).size).toBe(matched);
    expect(copies.length).toBeGreaterThanOrEqual(matched);
    expect(copies.length - matched).toBeLessThanOrEqual(done.possibleDuplicates);
  }, 180_000);
});
