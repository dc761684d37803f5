// The collector in-process against the shared broker and a PGlite store: the demo shop's
// orders become traces whose trees follow the causation chain (shipping-service speaks
// only traceparent and still joins), and a corpus of malformed records is stored with
// its problems while the collector keeps going.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Producer } from 'kafkajs';
import { startDemo, type DemoSystem } from '../../demo/index';
import { buildTraceTree, type TreeRow } from '../../lib/trace-tree';
import { createKafkaService, type KafkaService } from '../kafka';
import { testKafkaBrokers, uniqueName } from '../kafka/test-support/test-kafka';
import { createLogger } from '../log/logger';
import { createDatabase, type Database } from '../store';
import { createScratch, type Scratch } from '../store/test-support/scratch-databases';
import { createTraceQueries } from '../traces/trace-queries';
import { createCollector, type Collector } from './index';

const log = createLogger({ level: 'warn' });
let scratch: Scratch;
let db: Database;
let demo: DemoSystem;
let collector: Collector;
let producer: Producer;
let kafkaService: KafkaService;
const ns = uniqueName('coll').replace(/-/g, '_');
const oddTopic = `${ns}.odd`;

beforeAll(async () => {
  const brokers = testKafkaBrokers();
  scratch = await createScratch('pglite', 'collector');
  db = await createDatabase(scratch.config);
  demo = await startDemo({
    brokers,
    namespace: ns,
    rate: 0,
    log: () => {},
    behaviour: { poisonRate: 0, resendRate: 0, transientFailureRate: 0, declineRate: 0, outOfStockRate: 0 },
  });
  kafkaService = createKafkaService({ brokers, clientId: 'collector-int' }, log);
  const kafka = kafkaService.client;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: oddTopic, numPartitions: 1, configEntries: [{ name: 'max.message.bytes', value: String(8 * 1024 * 1024) }] }], waitForLeaders: true });
  await admin.disconnect();
  producer = kafka.producer();
  await producer.connect();
  collector = createCollector({
    kafka: kafkaService,
    sql: db.sql,
    log,
    options: { include: [new RegExp(`^${ns}\\.`)], groupId: uniqueName('collector'), topicRefreshMs: 1000 },
  });
  await collector.start();
});

afterAll(async () => {
  await collector?.stop();
  await Promise.allSettled([demo?.stop(), producer?.disconnect(), kafkaService?.close()]);
  await db?.close();
  await scratch?.drop();
});

const traces = () => createTraceQueries(db.sql);

/** The parent of each row in a pre-order list with depths. */
function parents(rows: TreeRow[]): (TreeRow | null)[] {
  const path: TreeRow[] = [];
  return rows.map((r) => {
    path.length = r.depth;
    const parent = path[r.depth - 1] ?? null;
    path.push(r);
    return parent;
  });
}

describe('the collector on the demo shop', () => {
  it('stitches an order into one trace whose tree follows the causation ids, traceparent-only service included', async () => {
    const placed = await demo.placeOrder();
    // Complete when the shipment (sent with traceparent only) is in and every cause is known.
    await expect
      .poll(
        async () => {
          const t = await traces().trace(placed.correlationId);
          if (!t) return 'no trace yet';
          if (!t.summary.topics.includes(demo.topics.shipments)) return `topics so far: ${t.summary.topics.join(', ')}`;
          const ids = new Set(t.events.map((e) => e.eventId));
          const missing = t.events.filter((e) => e.causationId && !ids.has(e.causationId));
          return missing.length === 0 ? 'complete' : `${missing.length} causes missing`;
        },
        { timeout: 30_000, interval: 200 },
      )
      .toBe('complete');

    const t = (await traces().trace(placed.correlationId))!;
    const shipped = t.events.find((e) => e.topic === demo.topics.shipments)!;
    expect(shipped.source).toBe('shipping-service');
    expect(shipped.eventType).toMatch(/OrderShipped/);

    const rows = buildTraceTree(t.events);
    expect(rows).toHaveLength(t.events.length);
    expect(rows[0]!.event.eventId).toBe(placed.eventId);
    expect(rows.filter((r) => r.depth === 0).map((r) => r.event.eventId)).toEqual([placed.eventId]);
    const ps = parents(rows);
    rows.forEach((r, i) => {
      if (i > 0) expect(ps[i]!.event.eventId, `${r.event.eventType} on ${r.event.topic}`).toBe(r.event.causationId);
    });
    // The chain orders → payments → inventory → shipments is a path in the tree.
    const path = [demo.topics.orders, demo.topics.payments, demo.topics.inventory, demo.topics.shipments];
    let node = rows.find((r) => r.event.topic === demo.topics.shipments)!;
    const up: string[] = [node.event.topic];
    for (let i = rows.indexOf(node); ps[i]; i = rows.indexOf(ps[i]!)) up.unshift(ps[i]!.event.topic);
    expect(up).toEqual(path);
    expect(t.summary).toMatchObject({ eventCount: t.events.length, hasErrors: false });
    expect(t.summary.services).toEqual(expect.arrayContaining(['order-service', 'payment-service', 'shipping-service']));
  });

  it('stores the malformed-input corpus with recorded problems and keeps running', async () => {
    const bad = [
      { key: 'binary', value: Buffer.from([0, 159, 146, 150, 0, 1, 2]) },
      { key: 'utf8', value: Buffer.from([0x63, 0x61, 0x66, 0xc3, 0x28, 0x20, 0x6f, 0x6b]) },
      { key: 'json', value: Buffer.from('{"id": "bad-json", "correlationId": ') },
      { key: 'huge', value: Buffer.from(JSON.stringify({ id: 'huge', pad: 'x'.repeat(5 * 1024 * 1024) })) },
      { key: 'headers', value: Buffer.from('{}'), headers: Object.fromEntries([['bin', Buffer.from([0xff, 0x00, 0xfe])], ...Array.from({ length: 300 }, (_, i) => [`h${i}`, 'v'.repeat(i === 0 ? 200_000 : 10)])]) },
      { key: 'traceparent', value: Buffer.from('{}'), headers: { traceparent: '00-not-a-trace-parent' } },
      { key: 'tombstone', value: null },
      { key: 'after', value: Buffer.from(JSON.stringify({ id: 'after-the-corpus', correlationId: 'corpus-ok' })) },
    ];
    for (const m of bad) await producer.send({ topic: oddTopic, messages: [m] }); // one by one: the 5 MB record alone

    type Row = { key: string; problems: string[]; payload_encoding: string; size: number; preview_len: number | null; headers_n: number };
    const stored = async () =>
      (
        await db.sql.query<Row>(
          `SELECT key, problems, payload_encoding, size, length(payload_preview) AS preview_len, (SELECT count(*) FROM jsonb_object_keys(headers))::int AS headers_n
             FROM events WHERE topic = $1 ORDER BY "offset"`,
          [oddTopic],
        )
      ).rows;
    await expect.poll(async () => (await stored()).length, { timeout: 30_000, interval: 200 }).toBe(bad.length);
    const byKey = Object.fromEntries((await stored()).map((r) => [r.key, r]));
    expect(byKey.binary).toMatchObject({ payload_encoding: 'base64', problems: ['binary_payload'] });
    expect(byKey.utf8).toMatchObject({ payload_encoding: 'base64', problems: ['invalid_utf8'] });
    expect(byKey.json).toMatchObject({ payload_encoding: 'utf8', problems: ['invalid_json'] });
    expect(byKey.huge!.problems).toEqual(['payload_truncated']);
    expect(byKey.huge!.size).toBeGreaterThan(5 * 1024 * 1024);
    expect(byKey.huge!.preview_len).toBeLessThanOrEqual(64 * 1024);
    expect(byKey.headers!.problems).toEqual(expect.arrayContaining(['headers_truncated', 'header_binary']));
    expect(byKey.headers!.headers_n).toBeLessThanOrEqual(64);
    expect(byKey.traceparent!.problems).toEqual(['traceparent_malformed']);
    expect(byKey.tombstone).toMatchObject({ payload_encoding: 'none', problems: [] });
    expect((await traces().trace('corpus-ok'))?.summary.eventCount).toBe(1);
    const s = collector.stats();
    expect(s.running).toBe(true);
    expect(s.problems).toMatchObject({ binary_payload: 1, invalid_utf8: 1, invalid_json: 1, traceparent_malformed: 1 });
  });

  it('picks up a topic created after it started', async () => {
    const late = `${ns}.late`;
    await producer.send({ topic: late, messages: [{ value: JSON.stringify({ id: 'late-1', correlationId: 'late-trace' }) }] }).catch(async () => {
      // auto-creation may be off: create it, then send
      const admin = kafkaService.client.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: late, numPartitions: 1 }], waitForLeaders: true });
      await admin.disconnect();
      await producer.send({ topic: late, messages: [{ value: JSON.stringify({ id: 'late-1', correlationId: 'late-trace' }) }] });
    });
    await expect.poll(async () => (await traces().trace('late-trace'))?.summary.eventCount ?? 0, { timeout: 30_000, interval: 250 }).toBe(1);
  });
});
