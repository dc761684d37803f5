// Two Eventline servers on one database: a running replay job is run by exactly one of
// them (the holder of its lease), and when the holder stops renewing (SIGSTOP: alive, but
// silent) the other takes the job over from its checkpoint. When the stalled holder wakes,
// it finds the job taken and sends nothing more.
import { afterEach, describe, expect, it } from 'vitest';
import { REPLAY_HEADERS } from '../../lib/replay-types';
import { testKafkaBrokers, uniqueName } from '../kafka/test-support/test-kafka';
import { createTopics, fixtureKafka, headerText, produce, readAll } from './test-support/replay-fixtures';
import { createServerChildren, sharedJobsDatabase } from './test-support/replay-server-children';

const brokers = testKafkaBrokers();
const servers = createServerChildren(brokers);
const LEASE_MS = 2_000;

afterEach(servers.killAll);

const { serverEnv, jobRow } = sharedJobsDatabase('replay_lease');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('replay jobs shared by two servers', () => {
  it('are run by the lease holder only, and taken over from the checkpoint when it stops renewing', async () => {
    const kafka = fixtureKafka(brokers);
    const source = uniqueName('replay-lease-src');
    const target = uniqueName('replay-lease-out');
    const N = 6_000;
    await createTopics(kafka, [{ topic: source, partitions: 2 }, { topic: target, partitions: 2 }]);
    await produce(kafka, source, Array.from({ length: N }, (_, i) => ({ partition: i % 2, key: `k${i}`, value: JSON.stringify({ i }) })));
    const env = { ...serverEnv(), EVENTLINE_LEASE_MS: String(LEASE_MS) };
    const request = { selection: { kind: 'range', topic: source }, target: { kind: 'topic', topic: target }, options: { ratePerSecond: 500 }, confirmTarget: target };

    const a = servers.start({ ...env, REPLAY_REQUEST: JSON.stringify(request) });
    const id = await a.jobId;
    const b = servers.start(env);
    await expect.poll(async () => (await jobRow(id)).sentCount, { timeout: 60_000, interval: 50 }).toBeGreaterThan(0);
    const holderA = (await jobRow(id)).claimedBy;
    expect(holderA).toMatch(/:\d+:/);

    // Over three leases, with B looking for idle jobs every ~0.7 s, the job stays A's and A keeps sending.
    const before = (await jobRow(id)).sentCount;
    for (const until = Date.now() + 3 * LEASE_MS; Date.now() < until; await sleep(100)) expect((await jobRow(id)).claimedBy).toBe(holderA);
    expect((await jobRow(id)).sentCount).toBeGreaterThan(before);

    // A stops renewing (and sending) without dying; once its lease runs out, B holds the job and sends on.
    a.child.kill('SIGSTOP');
    await sleep(300); // a statement A had already sent completes; then its row is still
    const stalled = await jobRow(id);
    await expect.poll(async () => (await jobRow(id)).claimedBy, { timeout: 6 * LEASE_MS, interval: 50 }).not.toBe(holderA);
    const holderB = (await jobRow(id)).claimedBy;
    expect(holderB).toMatch(/:\d+:/);
    await expect.poll(async () => (await jobRow(id)).sentCount, { timeout: 20_000, interval: 50 }).toBeGreaterThan(stalled.sentCount);

    // A wakes: its claim is gone, so it sends no further batch and the job stays B's to the end.
    a.child.kill('SIGCONT');
    await expect.poll(async () => (await jobRow(id)).state, { timeout: 60_000, interval: 100 }).toBe('completed');
    const done = await jobRow(id);
    expect(done.claimedBy).toBe(holderB);
    expect({ read: done.readCount, matched: done.matchedCount, sent: done.sentCount, failed: done.failedCount }).toEqual({ read: N, matched: N, sent: N, failed: 0 });
    // Only the batch A had in flight when it stalled may have been written twice, and the job says how many that may be.
    expect(done.possibleDuplicates).toBe(stalled.inFlight);
    const copies = await readAll(kafka, brokers, target);
    expect(new Set(copies.map((r) => headerText(r, REPLAY_HEADERS.of))).size).toBe(N);
    expect(copies.length - N).toBeLessThanOrEqual(done.possibleDuplicates);
    await Promise.all([servers.kill(a.child, 'SIGTERM'), servers.kill(b.child, 'SIGTERM')]);
  }, 180_000);
});
