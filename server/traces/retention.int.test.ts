// Retention on PGlite and PostgreSQL, over events written by the collector's own store (so
// the summaries are the real ones): old events go, the newest N stay under the cap, every
// delete statement is one batch, and the trace summaries end up true to what is left.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventStore } from '../collector/event-store';
import type { EventRow } from '../collector/types';
import { createLogger } from '../log/logger';
import { createDatabase, type Database, type SqlExecutor } from '../store';
import { createScratch, databaseKinds, type Scratch } from '../store/test-support/scratch-databases';
import { createRetention } from './retention';

const log = createLogger({ level: 'error' });
const NOW = Date.parse('2026-06-01T12:00:00Z');
const DAY = 24 * 3600_000;
const BATCH = 4;

let offset = 0;
function event(correlationId: string | null, ageMs: number, extra: Partial<EventRow> = {}): EventRow {
  const n = offset++;
  return {
    topic: 'shop.orders', partition: 0, offset: String(n), timestamp: new Date(NOW - ageMs).toISOString(), key: null, headers: {},
    eventId: `e${n}`, eventType: 'OrderPlaced', eventVersion: null, source: 'order-service', correlationId, causationId: null, idSources: {}, deadLetterOf: null, writer: null,
    size: 10, payloadEncoding: 'json', payloadPreview: '{}', payloadHash: null, problems: [], ...extra,
  };
}

/** The rows each DELETE on events removed, to prove no statement is bigger than a batch. */
function watchingDeletes(sql: SqlExecutor) {
  const sizes: number[] = [];
  const wrapped: SqlExecutor = {
    ...sql,
    async query(text, params) {
      const r = await sql.query(text, params);
      if (/^\s*DELETE FROM events/.test(text)) sizes.push(r.rowCount);
      return r as never;
    },
  };
  return { sql: wrapped, sizes };
}

describe.each(databaseKinds)('retention on %s', (kind) => {
  let scratch: Scratch;
  let db: Database;
  beforeAll(async () => {
    scratch = await createScratch(kind, 'retention');
    db = await createDatabase(scratch.config);
  });
  afterAll(async () => {
    await db?.close();
    await scratch?.drop();
  });

  const trace = async (id: string) =>
    (await db.sql.query<{ event_count: number; first_at: Date; last_at: Date; topics: string[]; types: string[]; has_errors: boolean }>(
      'SELECT event_count, first_at, last_at, topics, types, has_errors FROM traces WHERE correlation_id = $1',
      [id],
    )).rows[0] ?? null;
  const storedIds = async () => (await db.sql.query<{ id: bigint }>('SELECT id FROM events ORDER BY id')).rows.map((r) => Number(r.id));

  it('deletes events past the age in batches; traces with nothing left go, partly expired ones are recounted', async () => {
    const store = createEventStore(db.sql, { cluster: 'default', groupId: 'g' });
    const rows = [
      ...Array.from({ length: 5 }, (_, i) => event('all-old', 9 * DAY + i)),
      event('half', 8 * DAY, { topic: 'shop.orders.dlq', eventType: 'OrderDeadLettered' }),
      event('half', 8 * DAY - 1, { eventType: 'OrderHeld' }),
      event('half', 2 * DAY, { eventType: 'OrderShipped' }),
      event('half', 1 * DAY, { eventType: 'OrderDelivered' }),
      ...Array.from({ length: 3 }, () => event(null, 10 * DAY)),
      ...Array.from({ length: 6 }, (_, i) => event('new', 3600_000 - i)),
    ];
    await store.write(rows, []);
    expect(await trace('half')).toMatchObject({ event_count: 4, has_errors: true });

    const w = watchingDeletes(db.sql);
    const pass = await createRetention({ sql: w.sql, log, options: { maxAgeMs: 7 * DAY, maxEvents: 1000, batchSize: BATCH } }).runOnce(NOW);

    // 'all-old' straddles the first two batches: recounted after the first, removed after the second.
    expect(pass).toMatchObject({ byAge: 10, byCap: 0, tracesRemoved: 1, tracesRecomputed: 2 });
    expect(w.sizes.length, 'ten old events in batches of four: three statements').toBe(3);
    expect(Math.max(...w.sizes)).toBeLessThanOrEqual(BATCH);
    const cutoff = NOW - 7 * DAY;
    const left = (await db.sql.query<{ timestamp: Date }>('SELECT "timestamp" FROM events')).rows;
    expect(left).toHaveLength(8);
    expect(left.every((r) => r.timestamp.getTime() >= cutoff)).toBe(true);
    expect(await trace('all-old')).toBeNull();
    expect(await trace('half')).toEqual({
      event_count: 2,
      first_at: new Date(NOW - 2 * DAY),
      last_at: new Date(NOW - DAY),
      topics: ['shop.orders'],
      types: ['OrderDelivered', 'OrderShipped'],
      has_errors: false, // the dead-lettered event expired
    });
    expect(await trace('new')).toMatchObject({ event_count: 6 });
  });

  it('keeps the newest N events when over the cap, deleting the oldest collected in batches', async () => {
    const before = await storedIds();
    const w = watchingDeletes(db.sql);
    const pass = await createRetention({ sql: w.sql, log, options: { maxAgeMs: 7 * DAY, maxEvents: 3, batchSize: BATCH } }).runOnce(NOW);

    expect(pass).toMatchObject({ byAge: 0, byCap: 5, tracesRemoved: 1, tracesRecomputed: 2 }); // 'new' is recounted after each batch
    expect(await storedIds()).toEqual(before.slice(-3));
    expect(w.sizes.filter((n) => n > 0)).toEqual([4, 1]);
    expect(await trace('half')).toBeNull();
    expect(await trace('new')).toMatchObject({ event_count: 3 });
    const { rows } = await db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM traces');
    expect(rows[0]!.n).toBe(1);

    // Under both limits, a pass deletes nothing.
    expect(await createRetention({ sql: db.sql, log, options: { maxAgeMs: 7 * DAY, maxEvents: 3, batchSize: BATCH } }).runOnce(NOW)).toMatchObject({ byAge: 0, byCap: 0 });
  });
});
