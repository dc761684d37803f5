// Exact pickup times from recorded commits, on the real broker and PostgreSQL: the real
// commit tracker reads __consumer_offsets, the commit history writes what it reads, and a
// group that commits after each record has each event's pickup at its commit's time — to
// the millisecond, not the lag poll's seconds. Without commits, the lag samples say.
import type { Consumer, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Collector } from '../collector';
import { createKafkaService, type KafkaService } from '../kafka';
import { testKafkaBrokers, uniqueName } from '../kafka/test-support/test-kafka';
import { createCommitTracker, createLagHistory, createLagMonitor, type CommitTracker } from '../lag';
import { createCommitHistory, type CommitHistory } from '../lag/commit-history';
import { TRACKER_GROUP_PREFIX } from '../lag/commit-tracker';
import { createLogger } from '../log/logger';
import { createDatabase, type Database } from '../store';
import { createScratch, databaseKinds, type Scratch } from '../store/test-support/scratch-databases';
import { collectedChain } from './test-support/collected-chain';

const log = createLogger({ level: 'error' });
const EVENTS = 6;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(databaseKinds)('pickups from recorded commits on %s', (kind) => {
  let scratch: Scratch;
  let db: Database;
  let kafka: KafkaService;
  let collector: Collector;
  let producer: Producer;
  let tracker: CommitTracker;
  let history: CommitHistory;
  let consumer: Consumer | null = null;

  beforeAll(async () => {
    scratch = await createScratch(kind, 'commit-pickups');
    db = await createDatabase(scratch.config);
    kafka = createKafkaService({ brokers: testKafkaBrokers(), clientId: 'commit-pickups-int' }, log);
    producer = kafka.client.producer();
    await producer.connect();
    // A commit first, so __consumer_offsets exists for the tracker to read to its end.
    const first = uniqueName('cpick-first');
    const admin = kafka.client.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: first, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    await kafka.setGroupOffsets(uniqueName('cpick-first'), first, [{ partition: 0, offset: 0 }]);
    history = createCommitHistory({ database: db, log, retentionMs: 3_600_000, flushMs: 100 });
    history.start();
    tracker = createCommitTracker({ kafka, log, keepMs: 60_000, groupId: uniqueName(TRACKER_GROUP_PREFIX + 'pickups'), onCommit: history.add });
    await tracker.start();
    expect((await tracker.whenReady(30_000)).state).toBe('ready');
  }, 60_000);
  afterAll(async () => {
    await collector?.stop();
    await consumer?.disconnect();
    await tracker?.stop();
    await history?.stop();
    await producer?.disconnect();
    await kafka?.close();
    await db?.close();
    await scratch?.drop();
  });

  it('are the commit times of the first commit past each event, else the lag samples', async () => {
    const chain = await collectedChain({ kafka, db, producer, log, prefix: 'cpick', events: EVENTS });
    const { topic, reader, idle, correlationId, traces } = chain;
    collector = chain.collector;

    // Lag samples at the default poll interval's pace at most: the commits must not need them.
    const lagHistory = createLagHistory({ database: db });
    const monitor = createLagMonitor({ kafka, log, onCycle: (c) => lagHistory.record(c) });
    await monitor.refresh();

    // The reader commits after each record, then again (as a commit timer would): when
    // each commit was sent and acknowledged bounds the coordinator's commit time.
    const committed = new Map<number, { from: number; to: number }>();
    consumer = kafka.client.consumer({ groupId: reader });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        await sleep(120);
        const next = Number(message.offset) + 1;
        const from = Date.now();
        await consumer!.commitOffsets([{ topic, partition: 0, offset: String(next) }]);
        committed.set(next, { from, to: Date.now() });
        await consumer!.commitOffsets([{ topic, partition: 0, offset: String(next) }]);
      },
    });
    await expect.poll(() => committed.size, { timeout: 30_000, interval: 100 }).toBe(EVENTS);
    await consumer.disconnect();
    consumer = null;
    await monitor.refresh();
    const rowsOf = async (g: string) =>
      (await db.sql.query<{ o: bigint }>('SELECT committed_offset AS o FROM consumer_commits WHERE group_id = $1 AND topic = $2 ORDER BY 1', [g, topic])).rows.map((r) => Number(r.o));
    await expect.poll(() => rowsOf(reader), { timeout: 10_000, interval: 100 }).toEqual([0, 1, 2, 3, 4, 5, 6]);

    const trace = (await traces.trace(correlationId))!;
    const delays: number[] = [];
    for (const e of trace.events) {
      const mine = Object.fromEntries((trace.pickups[e.id] ?? []).map((p) => [p.groupId, p]));
      const c = committed.get(Number(e.offset) + 1)!;
      const p = mine[reader]!;
      expect(p, `event at ${e.offset}`).toMatchObject({ groupId: reader, state: 'picked', source: 'commit' });
      const at = Date.parse(p.at);
      // The coordinator's timestamp lies between sending the commit and its answer (one clock here; ms rounding).
      expect(at).toBeGreaterThanOrEqual(c.from - 2);
      expect(at).toBeLessThanOrEqual(c.to + 2);
      expect(at).toBeGreaterThan(Date.parse(e.timestamp));
      const prev = committed.get(Number(e.offset));
      // After the commit before it, or after the event when that commit came first (offset 0, set before producing).
      if (prev && prev.from > Date.parse(e.timestamp)) expect(Date.parse(p.afterAt!)).toBeGreaterThanOrEqual(prev.from - 2);
      else expect(p.afterAt).toBe(e.timestamp);
      expect(Date.parse(p.afterAt!)).toBeLessThan(at);
      delays.push(at - Date.parse(e.timestamp));
      expect(mine[idle]).toMatchObject({ groupId: idle, state: 'waiting' });
    }
    expect(new Set(trace.events.map((e) => trace.pickups[e.id]!.find((p) => p.groupId === reader)!.at)).size, 'one pickup time per event').toBe(EVENTS);
    expect(Math.max(...delays)).toBeLessThan(5000);
    const stats = history.stats();
    console.info(`[${kind}] commit pickups: delays ${delays.join(', ')} ms; commit round trips ${[...committed.values()].map((c) => c.to - c.from).join(', ')} ms; history ${JSON.stringify(stats)}`);
    expect(stats.repeated).toBeGreaterThanOrEqual(EVENTS);
    expect(stats.failedBatches).toBe(0);

    // No commits recorded for the reader: the lag samples say, as before.
    await db.sql.query('DELETE FROM consumer_commits WHERE group_id = $1', [reader]);
    const fallback = (await traces.trace(correlationId))!;
    const samples = new Set(
      (await db.sql.query<{ at: Date }>('SELECT sampled_at AS at FROM lag_samples WHERE group_id = $1', [reader])).rows.map((r) => r.at.toISOString()),
    );
    for (const e of fallback.events) {
      const p = fallback.pickups[e.id]!.find((x) => x.groupId === reader)!;
      expect(p.source).toBe('lag-sample');
      expect(samples.has(p.at), `${p.at} is a lag sample's time`).toBe(true);
    }
  }, 120_000);

  it('the history prunes commits past retention and skips reading them again', async () => {
    const h = createCommitHistory({ database: db, log, retentionMs: 60_000 });
    const group = uniqueName('pruned');
    const at = (agoMs: number) => ({ group, topic: 't', partition: 0, commitTimestamp: Date.now() - agoMs, metadata: '' });
    h.add({ ...at(120_000), offset: 1 }); // past retention already: as read again from a compacted topic at start
    h.add({ ...at(30_000), offset: 2 });
    h.add({ ...at(10_000), offset: 3 });
    await h.flush();
    expect(h.stats()).toMatchObject({ expired: 1, written: 2 });
    // Half a minute on, the commit at offset 2 is past retention. (The count also takes in
    // older commits the earlier test's tracker read from other files' groups on the shared broker.)
    expect(await h.prune(Date.now() + 35_000)).toBeGreaterThanOrEqual(1);
    const left = await db.sql.query<{ o: bigint }>('SELECT committed_offset AS o FROM consumer_commits WHERE group_id = $1', [group]);
    expect(left.rows.map((r) => Number(r.o))).toEqual([3]);
  });

  it('the history survives its database going away, warning once', async () => {
    const lines: string[] = [];
    const other = await createScratch(kind, 'commit-history-gone');
    const gone = await createDatabase(other.config);
    const h = createCommitHistory({ database: gone, log: createLogger({ level: 'warn', write: (l) => lines.push(l) }), retentionMs: 3_600_000 });
    const commit = (offset: number) => ({ group: 'g', topic: 't', partition: 0, offset, commitTimestamp: Date.now(), metadata: '' });
    h.add(commit(1));
    await h.flush();
    expect(h.stats()).toMatchObject({ written: 1, failedBatches: 0 });
    await gone.close();
    for (const o of [2, 2, 3]) h.add(commit(o));
    await expect(h.flush()).resolves.toBeUndefined();
    h.add(commit(4));
    await expect(h.stop()).resolves.toBeUndefined();
    expect(h.stats()).toMatchObject({ seen: 5, repeated: 1, written: 1, failedBatches: 2, droppedRows: 3 });
    expect(h.stats().lastError).toBeTruthy();
    expect(lines.filter((l) => l.includes('cannot record consumer commits')), lines.join('\n')).toHaveLength(1);
    await other.drop();
  });
});
