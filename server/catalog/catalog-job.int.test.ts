// The catalog job on the real databases: hand-written events folded by the real statements.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../store';
import { createScratch, databaseKinds, type Scratch } from '../store/test-support/scratch-databases';
import { foldNewEvents } from './catalog-job';
import { readCatalog } from './catalog-reader';
import { eventWriter } from './test-support/insert-events';

const T0 = Date.parse('2026-11-30T08:00:00.000Z');

describe.each(databaseKinds)('catalog job on %s', (kind) => {
  let scratch: Scratch;
  let db: Database;

  beforeAll(async () => {
    scratch = await createScratch(kind, 'catalog-job');
    db = await createDatabase(scratch.config);
  });
  afterAll(async () => {
    await db?.close();
    await scratch?.drop();
  });

  const insert = eventWriter(() => db.sql, { t0: T0 });

  it('builds one entry per type and version with counts, producers, topics, times and the shape', async () => {
    const ids = await insert([
      { type: 'OrderPlaced', version: '1', payload: { orderId: 'o1', amount: 10 } },
      { type: 'OrderPlaced', version: '1', source: 'pos', topic: 'orders-eu', payload: { orderId: 'o2', amount: 12, note: 'x' } },
      { type: 'OrderPlaced', version: '2', payload: { orderId: 'o3', amount: 5, currency: 'EUR' } },
      { type: null, payload: { untyped: true } },
      { type: 'OrderPlaced', version: '1', encoding: 'base64', payload: 'AAECAw==' },
      { type: 'OrderPlaced', version: '1', problems: ['payload_truncated'], payload: '{"orderId":"o4","amo' },
    ]);
    // The second v1 event adds "note", but two events are no settled shape yet: no drift.
    expect(await foldNewEvents(db.sql, { driftAfter: 2 })).toEqual({ read: 6, drift: 0, more: false });
    const { entries, watermark } = await readCatalog(db.sql);
    expect(watermark).toBe(ids.at(-1));
    expect(entries.map((e) => [e.eventType, e.version, e.eventCount, e.unshapedCount])).toEqual([
      ['OrderPlaced', '1', 4, 2],
      ['OrderPlaced', '2', 1, 0],
    ]);
    const v1 = entries[0]!;
    expect(v1.producers).toEqual(['checkout', 'pos']);
    expect(v1.topics).toEqual(['orders', 'orders-eu']);
    expect(v1.firstAt).toBe(new Date(T0 + 0).toISOString());
    expect(v1.lastAt).toBe(new Date(T0 + 5000).toISOString());
    expect(v1.ratePerSecond).toBeCloseTo(3 / 5);
    expect(v1.shape.seen).toBe(2);
    expect(v1.shape.properties?.note?.seen).toBe(1);
    expect(v1.sampleEventId).toBe(ids[5]);
  });

  it('reads only events after the watermark, and records drift with the first event that showed it', async () => {
    expect(await foldNewEvents(db.sql, { driftAfter: 2 })).toEqual({ read: 0, drift: 0, more: false });
    const ids = await insert([
      { type: 'OrderPlaced', version: '1', payload: { orderId: 'o5', amount: '10.00' } },
      { type: 'OrderPlaced', version: '1', payload: { orderId: 'o6', amount: 11, giftWrap: true } },
      { type: 'OrderPlaced', version: '1', payload: { orderId: 'o7', amount: 'x', giftWrap: false } },
    ]);
    expect(await foldNewEvents(db.sql, { batch: 2, driftAfter: 2 })).toEqual({ read: 2, drift: 2, more: true });
    expect(await foldNewEvents(db.sql, { batch: 2, driftAfter: 2 })).toEqual({ read: 1, drift: 0, more: false });
    const { entries, drift } = await readCatalog(db.sql);
    expect(entries.find((e) => e.version === '1')?.eventCount).toBe(7);
    expect(drift.map((d) => [d.path, d.kind, d.before, d.after, d.eventId]).sort()).toEqual([
      ['amount', 'type-changed', ['integer'], ['integer', 'string'], ids[0]],
      ['giftWrap', 'added', [], ['boolean'], ids[1]],
    ]);
  });

  it('folds an insert that commits after a later one (two collectors), and forgets an insert that was rolled back', async () => {
    const count = async (version: string) => (await readCatalog(db.sql)).entries.find((e) => e.eventType === 'Late' && e.version === version)?.eventCount ?? 0;
    await foldNewEvents(db.sql);
    // Rolled back: its ids are skipped, waited for, then forgotten.
    await db.sql
      .transaction(async (tx) => {
        await eventWriter(() => tx, { t0: T0 })([{ type: 'Late', version: 'rolled-back', topic: 'late-rolled-back', payload: { a: 1 } }]);
        throw new Error('roll back');
      })
      .catch(() => {});
    await insert([{ type: 'Late', version: '1', payload: { a: 1 } }]);
    expect((await foldNewEvents(db.sql)).read).toBe(1);
    const gapsOf = async () => (await db.sql.query<{ pending_gaps: unknown[] }>(`SELECT pending_gaps FROM job_watermarks WHERE name = 'catalog'`)).rows[0]!.pending_gaps;
    expect(await gapsOf()).toHaveLength(1);
    expect((await foldNewEvents(db.sql)).read).toBe(0);
    expect(await gapsOf()).toHaveLength(1);
    expect((await foldNewEvents(db.sql, { gapTtlMs: 0 })).read).toBe(0);
    expect(await gapsOf()).toEqual([]);
    expect(await count('rolled-back')).toBe(0);
    if (kind !== 'postgres') return; // PGlite has one connection: its inserts commit in id order

    // One connection takes ids and commits only after another connection's later ids are folded.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let taken!: () => void;
    const idsTaken = new Promise<void>((r) => (taken = r));
    const slow = db.sql.transaction(async (tx) => {
      await eventWriter(() => tx, { t0: T0 })([{ type: 'Late', version: '2', topic: 'late-slow', payload: { a: 1 } }, { type: 'Late', version: '2', topic: 'late-slow', payload: { a: 2 } }]);
      taken();
      await held;
    });
    await idsTaken;
    await insert([{ type: 'Late', version: '1', payload: { a: 2 } }]);
    expect((await foldNewEvents(db.sql)).read).toBe(1);
    expect(await count('2')).toBe(0);
    release();
    await slow;
    expect((await foldNewEvents(db.sql)).read).toBe(2);
    expect(await count('2')).toBe(2);
    expect(await count('1')).toBe(2);
    expect(await gapsOf()).toEqual([]);
    expect((await foldNewEvents(db.sql)).read).toBe(0);
  });
});
