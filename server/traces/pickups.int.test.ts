// Consumer-group pickup times on the real broker and PostgreSQL: the collector stores a
// trace, a real group consumes it one record at a time while the real lag monitor records
// its history, and the trace's pickups are the first samples whose commit passed each
// event (no commits recorded: the fallback) — then, with the raw samples pruned, "unknown" or estimated from the rollups.
import type { Consumer, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Collector } from '../collector';
import { createKafkaService, type KafkaService } from '../kafka';
import { testKafkaBrokers } from '../kafka/test-support/test-kafka';
import { createLagHistory, createLagMonitor, type CycleResult } from '../lag';
import { createLogger } from '../log/logger';
import { createDatabase, type Database, type SqlExecutor } from '../store';
import { createScratch, databaseKinds, type Scratch } from '../store/test-support/scratch-databases';
import { collectedChain } from './test-support/collected-chain';
import { createTraceQueries } from './trace-queries';

const log = createLogger({ level: 'warn' });
const EVENTS = 5;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The statements a call makes that read events or lag history (a SET is not a read). */
function counting(sql: SqlExecutor) {
  let n = 0;
  const count = (text: string) => (n += /^\s*SET\b/.test(text) ? 0 : 1);
  const wrap = (x: SqlExecutor): SqlExecutor => ({
    ...x,
    query: (text, params) => (count(text), x.query(text, params)),
    transaction: (fn) => x.transaction((tx) => fn(wrap(tx))),
  });
  return { sql: wrap(sql), count: () => n };
}

describe.each(databaseKinds)('consumer-group pickup times on %s', (kind) => {
  let scratch: Scratch;
  let db: Database;
  let kafka: KafkaService;
  let collector: Collector;
  let producer: Producer;
  let consumer: Consumer | null = null;

  beforeAll(async () => {
    scratch = await createScratch(kind, 'pickups');
    db = await createDatabase(scratch.config);
    kafka = createKafkaService({ brokers: testKafkaBrokers(), clientId: 'pickups-int' }, log);
    producer = kafka.client.producer();
    await producer.connect();
  });
  afterAll(async () => {
    await collector?.stop();
    await consumer?.disconnect();
    await producer?.disconnect();
    await kafka?.close();
    await db?.close();
    await scratch?.drop();
  });

  it('are the first lag samples whose committed offset passed each event', async () => {
    const chain = await collectedChain({ kafka, db, producer, log, prefix: 'pickup', events: EVENTS });
    const { topic, reader, idle, correlationId, traces, producedFrom } = chain;
    collector = chain.collector;

    // The real monitor, recording history; the test keeps what each cycle saw of the reader.
    const history = createLagHistory({ database: db });
    const seen: { at: number; committed: number | null }[] = [];
    const monitor = createLagMonitor({
      kafka,
      log,
      onCycle: async (c: CycleResult) => {
        const p = c.groups.find((g) => g.groupId === reader)?.partitions.find((x) => x.topic === topic);
        if (p) seen.push({ at: c.at, committed: p.committed });
        await history.record(c);
      },
    });
    let cycling = true;
    const cycles = (async () => {
      while (cycling) {
        await monitor.refresh();
        await sleep(100);
      }
    })();
    await expect.poll(() => seen.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);

    // The reader consumes one record at a time, committing each, slowly enough that the
    // monitor sees the commit move record by record.
    consumer = kafka.client.consumer({ groupId: reader });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        await sleep(400);
        await consumer!.commitOffsets([{ topic, partition: 0, offset: String(Number(message.offset) + 1) }]);
      },
    });
    await expect.poll(() => seen[seen.length - 1]?.committed, { timeout: 30_000, interval: 100 }).toBe(EVENTS);
    await consumer.disconnect();
    consumer = null;
    const settled = seen.length;
    await expect.poll(() => seen.length, { timeout: 10_000 }).toBeGreaterThan(settled + 1);
    cycling = false;
    await cycles;

    const c = counting(db.sql);
    const trace = (await createTraceQueries(c.sql).trace(correlationId))!;
    expect(c.count(), 'summary, events and all pickups: three statements').toBe(3);
    const lastAt = new Date(Math.max(...seen.map((s) => s.at))).toISOString();
    const passes = new Set<number>();
    for (const e of trace.events) {
      const offset = Number(e.offset);
      const mine = Object.fromEntries((trace.pickups[e.id] ?? []).map((p) => [p.groupId, p]));
      const pass = seen.findIndex((s) => s.committed !== null && s.committed > offset);
      passes.add(pass);
      expect(pass, `a sample passed offset ${offset}`).toBeGreaterThan(0);
      expect(mine[reader]).toEqual({ groupId: reader, state: 'picked', at: new Date(seen[pass]!.at).toISOString(), afterAt: new Date(seen[pass - 1]!.at).toISOString(), source: 'lag-sample' });
      const at = Date.parse(mine[reader]!.at);
      expect(at).toBeGreaterThanOrEqual(Math.max(producedFrom, Date.parse(e.timestamp)));
      expect(Date.parse(mine[reader]!.afterAt!)).toBeLessThan(at);
      expect(mine[idle]).toEqual({ groupId: idle, state: 'waiting', at: lastAt, afterAt: null, source: 'lag-sample' });
    }
    expect(passes.size, 'the commit moved past the events at different samples').toBeGreaterThan(1);

    // Raw history pruned up to the first event's pickup: nothing says when it was read.
    const first = trace.events[0]!;
    const firstPick = trace.pickups[first.id]!.find((p) => p.groupId === reader)!;
    await db.sql.query('DELETE FROM lag_samples WHERE group_id = $1 AND sampled_at < $2', [reader, firstPick.at]);
    const pruned = (await traces.trace(correlationId))!;
    expect(pruned.pickups[first.id]!.find((p) => p.groupId === reader)).toEqual({ groupId: reader, state: 'unknown', at: firstPick.at, afterAt: null, source: 'lag-sample' });
    // A minute rollup after the event whose worst lag in seconds is 0 says it was read by then.
    const bucket = new Date(Date.parse(first.timestamp) + 1);
    await db.sql.query(`INSERT INTO lag_rollups (group_id, topic, partition, step_ms, bucket_start, lag, lag_seconds) VALUES ($1, $2, 0, 60000, $3, 0, 0)`, [reader, topic, bucket]);
    const estimated = (await traces.trace(correlationId))!.pickups[first.id]!.find((p) => p.groupId === reader);
    expect(estimated).toEqual({ groupId: reader, state: 'estimated', at: firstPick.at, afterAt: bucket.toISOString(), source: 'lag-sample' });
  }, 120_000);
});
