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
});
