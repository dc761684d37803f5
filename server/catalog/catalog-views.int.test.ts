// The catalog's views on the real databases: producers per version and their rates,
// consumers, the version diff, the filtered drift list with links to the events, the wall's
// figures and /metrics, all from events folded by the real job.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GroupSummary } from '../../lib/lag-types';
import { createLogger } from '../log/logger';
import { createDatabase, type Database } from '../store';
import { createScratch, databaseKinds, type Scratch } from '../store/test-support/scratch-databases';
import { foldNewEvents, pruneProducerMinutes, RATE_RETENTION_MS } from './catalog-job';
import { createEventCatalog, type EventCatalog } from './index';
import { readProducerRates } from './producer-rates';
import { eventWriter } from './test-support/insert-events';
import { readWallDrift } from './wall-drift';

const NOW = Date.now();
const MIN = 60_000;

const group = (groupId: string, topics: string[], extra: Partial<GroupSummary> = {}): GroupSummary => ({
  groupId, state: 'Stable', protocolType: 'consumer', members: [{ memberId: 'm1', clientId: 'c', host: '/127.0.0.1' }], topics, partitionCount: 1,
  topicLags: topics.map((t) => ({ topic: t, lag: 3, status: 'OK' as const })), totalLag: 3 * topics.length, maxLagSeconds: 1, status: 'OK', reason: '',
  statusSince: NOW, eventline: false, ...extra,
});

describe.each(databaseKinds)('catalog views on %s', (kind) => {
  let scratch: Scratch;
  let db: Database;
  let catalog: EventCatalog;
  const insert = eventWriter(() => db.sql, { t0: NOW - 50 * MIN });
  let ids: Record<string, string> = {};

  beforeAll(async () => {
    scratch = await createScratch(kind, 'catalog-views');
    db = await createDatabase(scratch.config);
    catalog = createEventCatalog({
      sql: db.sql,
      log: createLogger({ level: 'error' }),
      // The windows end when the events were written, however long the folding and the tests take.
      now: () => NOW,
      consumers: {
        groups: () => [
          group('billing', ['orders', 'payments']),
          group('audit', ['orders'], { topicLags: [{ topic: 'orders', lag: 40, status: 'STALL' }] }),
          group('eventline-collector', ['orders'], { eventline: true }),
          group('shipping', ['parcels']),
        ],
        rate: (g, t) => (g === 'billing' && t === 'orders' ? 2.5 : null),
      },
    });
    // v1 from two producers: one still sending in the last 5 minutes, one stopped 40 minutes ago.
    const v1 = (at: number, source: string, i: number) => ({
      type: 'shop.OrderPlaced.v1', version: '1', source, at, correlationId: `corr-${i}`, payload: { orderId: `o${i}`, total: 10 + i, legacy: 'x' },
    });
    const settled = Array.from({ length: 20 }, (_, i) => v1(NOW - 45 * MIN + i * 1000, i % 2 ? 'pos' : 'checkout', i));
    const recent = [v1(NOW - 3 * MIN, 'checkout', 20), v1(NOW - 2 * MIN, 'checkout', 21)];
    const drifted = { type: 'shop.OrderPlaced.v1', version: '1', source: 'checkout', at: NOW - MIN, partition: 2, correlationId: 'corr-drift', payload: { orderId: 'o22', total: '12.00', legacy: 'x', coupon: 'C' } };
    const [first] = await insert(settled);
    const more = await insert([...recent, drifted]);
    ids = { first: first!, drifted: more.at(-1)! };
    await insert([
      { type: 'shop.OrderPlaced.v2', version: '2', source: 'checkout', at: NOW - 4 * MIN, payload: { orderId: 'o30', total: 12.5, currency: 'EUR', customer: { id: 'c1' } } },
      { type: 'shop.OrderPlaced.v2', version: '2', source: 'checkout', at: NOW - MIN, payload: { orderId: 'o31', total: 13, currency: 'EUR', customer: { id: 'c2', tier: 'gold' } } },
      { type: 'shop.PaymentTaken', version: '1', source: 'payments', topic: 'payments', payload: { orderId: 'o1' } },
    ]);
    for (;;) if (!(await foldNewEvents(db.sql)).more) break;
  });
  afterAll(async () => {
    await catalog?.stop();
    await db?.close();
    await scratch?.drop();
  });

  it('lists each type under its family with its consumers (from the groups reading its topics, Eventline’s own left out)', async () => {
    const view = await catalog.read();
    const v1 = view.entries.find((e) => e.eventType === 'shop.OrderPlaced.v1')!;
    expect(view.entries.map((e) => [e.family, e.version])).toEqual([
      ['shop.OrderPlaced', '1'],
      ['shop.OrderPlaced', '2'],
      ['shop.PaymentTaken', '1'],
    ]);
    expect(v1.consumers).toEqual([
      { groupId: 'audit', topics: ['orders'], status: 'STALL', members: 1, lag: 40, consumeRate: null },
      { groupId: 'billing', topics: ['orders'], status: 'OK', members: 1, lag: 3, consumeRate: 2.5 },
    ]);
    expect(v1.driftCount).toBe(2);
    expect(view.driftSummary).toEqual({ total: 2, lastHour: 2, lastDay: 2, registry: 0 });
    expect(view.registry.state).toBe('none');
  });

  it('tells who produces a version, and at what rate over the last 5 minutes and hour', async () => {
    const rates = await readProducerRates(db.sql, { cluster: 'c1', eventType: 'shop.OrderPlaced.v1', version: '1' }, NOW);
    expect(rates.map((r) => [r.source, r.events5m, r.events1h])).toEqual([
      ['checkout', 3, 13],
      ['pos', 0, 10],
    ]);
    const checkout = rates[0]!;
    // 5-minute windows end now and start at the first whole minute in them.
    expect(checkout.perSecond5m).toBeGreaterThan(3 / 300);
    expect(checkout.perSecond5m).toBeLessThan(3 / 240);
    expect(rates[1]!.lastMinute! < new Date(NOW - 30 * MIN).toISOString()).toBe(true);
    // A version first seen 4 minutes ago averages its hour over those 4 minutes.
    const [v2] = await readProducerRates(db.sql, { cluster: 'c1', eventType: 'shop.OrderPlaced.v2', version: '2', firstAt: new Date(NOW - 4 * MIN).toISOString() }, NOW);
    expect(v2!.perSecond1h).toBeCloseTo(2 / 240, 4);
  });

  it('gives one version in full: sample event, producers, siblings for the side-by-side view', async () => {
    const d = await catalog.entry({ cluster: 'c1', type: 'shop.OrderPlaced.v1', version: '1' });
    expect(d.sample).toMatchObject({ id: ids.drifted, topic: 'orders', partition: 2, correlationId: 'corr-drift' });
    expect(d.producers.map((p) => p.source)).toEqual(['checkout', 'pos']);
    expect(d.siblings).toEqual([{ eventType: 'shop.OrderPlaced.v2', version: '2' }]);
    expect(d.registered).toBeNull();
    await expect(catalog.entry({ cluster: 'c1', type: 'shop.Nope', version: '' })).rejects.toMatchObject({ code: 'CATALOG_ENTRY_NOT_FOUND', httpStatus: 404 });
  });

  it('puts two versions side by side, with who still sends each', async () => {
    const diff = await catalog.diff({ cluster: 'c1', type: 'shop.OrderPlaced.v1', version: '1', toType: 'shop.OrderPlaced.v2', toVersion: '2' });
    const at = (p: string) => diff.rows.find((r) => r.path === p);
    expect(at('currency')).toMatchObject({ change: 'added', presenceAfter: 100 });
    expect(at('legacy')).toMatchObject({ change: 'removed', presenceBefore: 100 });
    expect(at('customer.tier')).toMatchObject({ change: 'added' });
    // v1's total was numbers and once a string; v2's only numbers.
    expect(at('total')).toMatchObject({ change: 'type-changed' });
    expect(diff.producers.from.map((p) => p.source)).toEqual(['checkout', 'pos']);
    expect(diff.producers.to).toMatchObject([{ source: 'checkout', events5m: 2, events1h: 2 }]);
  });

  it('lists drift with the first event that showed it, filtered and paged', async () => {
    const all = await catalog.drift({ limit: 100 });
    // Newest first: both came from one event, "total" was met before "coupon" in it.
    expect(all.drift.map((d) => [d.path, d.kind, d.eventId])).toEqual([
      ['coupon', 'added', ids.drifted],
      ['total', 'type-changed', ids.drifted],
    ]);
    const coupon = all.drift.find((d) => d.path === 'coupon')!;
    expect(coupon.event).toMatchObject({ id: ids.drifted, topic: 'orders', partition: 2, correlationId: 'corr-drift' });
    expect(coupon.seenAt).toBe(new Date(NOW - MIN).toISOString());

    expect((await catalog.drift({ type: 'shop.OrderPlaced', limit: 100 })).drift).toHaveLength(2);
    expect((await catalog.drift({ type: 'shop.PaymentTaken', limit: 100 })).drift).toHaveLength(0);
    expect((await catalog.drift({ kind: 'type-changed', limit: 100 })).drift.map((d) => d.path)).toEqual(['total']);
    expect((await catalog.drift({ path: 'COUP', limit: 100 })).drift.map((d) => d.path)).toEqual(['coupon']);
    expect((await catalog.drift({ since: new Date(NOW).toISOString(), limit: 100 })).drift).toHaveLength(0);
    const page1 = await catalog.drift({ limit: 1 });
    const page2 = await catalog.drift({ limit: 1, before: page1.nextBefore! });
    expect(page1.nextBefore).not.toBeNull();
    expect([...page1.drift, ...page2.drift].map((d) => d.id)).toEqual(all.drift.map((d) => d.id));
    expect(page2.nextBefore).toBeNull();
  });

  it('gives the wall figures and names only, worst type first', async () => {
    const wall = await readWallDrift(db.sql, NOW);
    expect(wall).toMatchObject({ lastHour: 2, lastDay: 2 });
    expect(wall.worst).toEqual([
      { eventType: 'shop.OrderPlaced.v1', version: '1', lastDay: 2, total: 2, kinds: { added: 1, 'type-changed': 1 }, latestPath: expect.any(String), latestAt: new Date(NOW - MIN).toISOString() },
    ]);
    expect(JSON.stringify(wall)).not.toContain('12.00');
  });

  it('exposes the catalog on /metrics', async () => {
    const text = await catalog.metrics('kc1');
    expect(text).toContain('eventline_catalog_types{cluster_name="kc1"} 2');
    expect(text).toContain('eventline_catalog_versions{cluster_name="kc1"} 3');
    expect(text).toContain('eventline_catalog_drift_total{cluster_name="kc1",type="shop.OrderPlaced.v1",version="1",kind="added"} 1');
    expect(text).toContain('eventline_catalog_events_total{cluster_name="kc1",type="shop.OrderPlaced.v1",version="1"} 23');
    expect(text).toContain('eventline_catalog_backlog_events{cluster_name="kc1"} 0');
    expect(text).toMatch(/# TYPE eventline_catalog_drift_total counter/);
  });

  it('prunes producer counts older than their retention', async () => {
    expect(await pruneProducerMinutes(db.sql, NOW + RATE_RETENTION_MS - 30 * MIN)).toBeGreaterThan(0);
    const left = await readProducerRates(db.sql, { cluster: 'c1', eventType: 'shop.OrderPlaced.v1', version: '1' }, NOW);
    expect(left.map((r) => [r.source, r.events1h])).toEqual([['checkout', 3]]);
  });
});

describe.each(databaseKinds)('a catalog batch on %s', (kind) => {
  let scratch: Scratch;
  let db: Database;
  const insert = eventWriter(() => db.sql, { t0: NOW });

  beforeAll(async () => {
    scratch = await createScratch(kind, 'catalog-batch');
    db = await createDatabase(scratch.config);
  });
  afterAll(async () => {
    await db?.close();
    await scratch?.drop();
  });

  it('stops before its payload byte cap and says there is more; binary and untyped events cost no payload', async () => {
    const big = 'x'.repeat(1000);
    await insert([
      { type: 'Big', payload: { a: big } },
      { type: 'Big', payload: { a: big } },
      { type: null, payload: { a: big } },
      { type: 'Big', encoding: 'base64', payload: big },
      { type: 'Big', payload: { a: big } },
    ]);
    expect(await foldNewEvents(db.sql, { batchBytes: 1500 })).toEqual({ read: 1, drift: 0, more: true });
    // The second JSON payload passes the cap; the untyped and binary ones after it add nothing.
    expect(await foldNewEvents(db.sql, { batchBytes: 1500 })).toEqual({ read: 3, drift: 0, more: true });
    expect(await foldNewEvents(db.sql, { batchBytes: 1500 })).toEqual({ read: 1, drift: 0, more: false });
    const { rows } = await db.sql.query<{ event_count: bigint; unshaped_count: bigint }>(`SELECT event_count, unshaped_count FROM catalog_entries`);
    expect(rows).toEqual([{ event_count: 4n, unshaped_count: 1n }]);
  });
});
