// The collector's group commit on PGlite and PostgreSQL, through the real event store:
// batches of several partitions handed over together are stored in one transaction and
// each learns its own count and traces; a write that fails stores none of its batches
// and moves none of their positions, so every partition is fetched again whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../store';
import { createScratch, databaseKinds, type Scratch } from '../store/test-support/scratch-databases';
import { createEventStore } from './event-store';
import type { EventRow } from './types';
import { createWriteQueue, PrecedingWriteFailedError } from './write-queue';

function rows(topic: string, partition: number, from: number, n: number, trace: (i: number) => string): EventRow[] {
  return Array.from({ length: n }, (_, j) => {
    const i = from + j;
    return {
      topic, partition, offset: String(i), timestamp: new Date(Date.UTC(2026, 5, 1, 12, 0, 0, i)).toISOString(), key: null, headers: {},
      eventId: `${topic}-${partition}-${i}`, eventType: 'Thing', eventVersion: null, source: 'svc', correlationId: trace(i), causationId: null, idSources: {}, deadLetterOf: null, writer: null,
      size: 10, payloadEncoding: 'json', payloadPreview: '{}', payloadHash: null, problems: [],
    };
  });
}

describe.each(databaseKinds)('write queue on %s', (kind) => {
  let scratch: Scratch;
  let db: Database;
  beforeAll(async () => {
    scratch = await createScratch(kind, 'write_queue');
    db = await createDatabase(scratch.config);
  });
  afterAll(async () => {
    await db?.close();
    await scratch?.drop();
  });

  const count = async (topic: string) =>
    (await db.sql.query<{ events: number; transactions: number; positions: number }>(
      `SELECT (SELECT count(*) FROM events WHERE topic = $1)::int AS events,
              (SELECT count(DISTINCT xmin::text) FROM events WHERE topic = $1)::int AS transactions,
              (SELECT count(*) FROM collector_offsets WHERE topic = $1)::int AS positions`,
      [topic],
    )).rows[0]!;

  it('stores the batches of three partitions in one transaction, each told its own count and traces', async () => {
    const store = createEventStore(db.sql, { cluster: 'default', groupId: 'wq' });
    const queue = createWriteQueue(store, { concurrency: 1, maxRows: 10_000 });
    const topic = `wq-one-${kind}`;
    const [a, b, c] = await Promise.all([0, 1, 2].map((p) => queue.submit(rows(topic, p, 0, 50, (i) => `t-${p}-${i % 5}`), { topic, partition: p, next: '50' })));
    expect([a!.inserted, b!.inserted, c!.inserted]).toEqual([50, 50, 50]);
    expect(b!.traces.sort()).toEqual(['t-1-0', 't-1-1', 't-1-2', 't-1-3', 't-1-4']);
    expect(await count(topic)).toEqual({ events: 150, transactions: 1, positions: 3 });
    const traces = await db.sql.query<{ n: number }>(`SELECT sum(event_count)::int AS n FROM traces WHERE correlation_id LIKE 't-%'`);
    expect(traces.rows[0]!.n).toBe(150);
  });

  it('splits at maxRows, and a failed write stores none of its batches nor moves their positions', async () => {
    const store = createEventStore(db.sql, { cluster: 'default', groupId: 'wq' });
    const queue = createWriteQueue(store, { concurrency: 1, maxRows: 100 });
    const topic = `wq-fail-${kind}`;
    const bad = rows(topic, 1, 0, 60, () => 'bad');
    bad[30] = { ...bad[30]!, payloadPreview: 'a\u0000b' }; // the database refuses the whole statement (text holds no NUL)
    const results = await Promise.allSettled([
      queue.submit(rows(topic, 0, 0, 60, () => 'good'), { topic, partition: 0, next: '60' }), // write 1 alone (60 + 60 > 100)
      queue.submit(bad, { topic, partition: 1, next: '60' }), // write 2 …
      queue.submit(rows(topic, 2, 0, 30, () => 'good2'), { topic, partition: 2, next: '30' }), // … with this one
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect(await count(topic)).toEqual({ events: 60, transactions: 1, positions: 1 });
    // Fetched again, the two partitions go in whole.
    await Promise.all([
      queue.submit(rows(topic, 1, 0, 60, () => 'bad'), { topic, partition: 1, next: '60' }),
      queue.submit(rows(topic, 2, 0, 30, () => 'good2'), { topic, partition: 2, next: '30' }),
    ]);
    expect(await count(topic)).toEqual({ events: 150, transactions: 2, positions: 3 });
  });

  it('writes a partition\'s batches in order, and not one handed over after a batch that failed', async () => {
    const real = createEventStore(db.sql, { cluster: 'default', groupId: 'wq' });
    const writes: { offsets: string[]; start: number; end: number }[] = [];
    const store = {
      encode: real.encode,
      async writeEncoded(...args: Parameters<typeof real.writeEncoded>) {
        const w = { offsets: args[0].flatMap((b) => b.rows.map((r) => `${r.partition}/${r.offset}`)), start: performance.now(), end: Infinity };
        writes.push(w);
        try {
          return await real.writeEncoded(...args);
        } finally {
          w.end = performance.now();
        }
      },
    };
    const queue = createWriteQueue(store, { concurrency: 2, maxRows: 10_000 });
    const topic = `wq-after-${kind}`;
    const bad = rows(topic, 0, 0, 10, () => 'after');
    bad[5] = { ...bad[5]!, payloadPreview: 'a\u0000b' }; // refused by the database
    const first = queue.submit(bad, { topic, partition: 0, next: '10' });
    const firstSettled = Promise.allSettled([first]);
    await new Promise((r) => setImmediate(r)); // the first write is at the database
    const second = queue.submit(rows(topic, 0, 10, 10, () => 'after'), { topic, partition: 0, next: '20' }, first);
    const other = queue.submit(rows(topic, 1, 0, 10, () => 'after'), { topic, partition: 1, next: '10' });
    const results = [...(await firstSettled), ...(await Promise.allSettled([second, other]))];
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(PrecedingWriteFailedError);
    // Handed over once the failure is known: refused at once.
    await expect(queue.submit(rows(topic, 0, 20, 10, () => 'after'), { topic, partition: 0, next: '30' }, second)).rejects.toBeInstanceOf(PrecedingWriteFailedError);
    expect(await count(topic)).toEqual({ events: 10, transactions: 1, positions: 1 });
    // In order: the second batch of a partition waits for the first one's write, then rides alone.
    const a = queue.submit(rows(topic, 0, 0, 10, () => 'after'), { topic, partition: 0, next: '10' });
    await new Promise((r) => setImmediate(r));
    const b = queue.submit(rows(topic, 0, 10, 10, () => 'after'), { topic, partition: 0, next: '20' }, a);
    await Promise.all([a, b]);
    expect(await count(topic)).toEqual({ events: 30, transactions: 3, positions: 2 });
    const [wa, wb] = [writes.at(-2)!, writes.at(-1)!];
    expect([wa.offsets[0], wb.offsets[0]]).toEqual(['0/0', '0/10']);
    expect(wb.start).toBeGreaterThanOrEqual(wa.end);
    // Two batches of one partition handed over in the same turn ride in one write, each told its own count.
    const c = queue.submit(rows(topic, 0, 20, 10, () => 'after'), { topic, partition: 0, next: '30' });
    const d = queue.submit(rows(topic, 0, 30, 5, () => 'after'), { topic, partition: 0, next: '35' }, c);
    expect([(await c).inserted, (await d).inserted]).toEqual([10, 5]);
    expect(writes.at(-1)!.offsets).toHaveLength(15);
  });
});
