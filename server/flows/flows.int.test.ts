// The flow map from collected events, on the real broker and both databases: demo-like
// events go through the real collector (which writes the rollups in its batch statement),
// the real cluster watch and lag monitor poll the broker, and the map's edges, rates and
// causal layer come out of createFlowService as the page would get them.
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCollector, type Collector } from '../collector';
import { createKafkaService, type KafkaService } from '../kafka';
import { testKafkaBrokers, uniqueName } from '../kafka/test-support/test-kafka';
import { createLagMonitor } from '../lag';
import { createLogger } from '../log/logger';
import { createDatabase, type Database } from '../store';
import { createScratch, databaseKinds, type Scratch } from '../store/test-support/scratch-databases';
import { createClusterWatch, type ClusterWatch } from '../topics';
import { createRetention, createTraceQueries } from '../traces';
import { createFlowService } from '.';

const log = createLogger({ level: 'warn' });
const ORDERS = 12;

describe.each(databaseKinds)('the flow map from collected events on %s', (kind) => {
  let scratch: Scratch;
  let db: Database;
  let kafka: KafkaService;
  let producer: Producer;
  let collector: Collector;
  let watch: ClusterWatch;
  const ns = uniqueName('flows');
  const t = { orders: `${ns}.orders`, payments: `${ns}.payments`, dlq: `${ns}.payments.DLQ`, raw: `${ns}.raw`, legacy: `${ns}.legacy`, dlt: `${ns}.orders-dlt` };

  beforeAll(async () => {
    scratch = await createScratch(kind, 'flows');
    db = await createDatabase(scratch.config);
    kafka = createKafkaService({ brokers: testKafkaBrokers(), clientId: 'flows-int' }, log);
    const admin = kafka.client.admin();
    await admin.connect();
    await admin.createTopics({ topics: Object.values(t).map((topic) => ({ topic, numPartitions: 1 })), waitForLeaders: true });
    await admin.disconnect();
    producer = kafka.client.producer();
    await producer.connect();
    // The legacy topic is not collected: its traffic is known only from its log-end offsets.
    collector = createCollector({ kafka, sql: db.sql, log, options: { include: [new RegExp(`^${ns}\\.(orders|payments|payments\\.DLQ|raw|orders-dlt)$`)], groupId: uniqueName('flows-collector'), topicRefreshMs: 1000 } });
    await collector.start();
    watch = createClusterWatch({ kafka, intervalMs: 60_000, log });
  });
  afterAll(async () => {
    await collector?.stop();
    await watch?.stop();
    await producer?.disconnect();
    await kafka?.close();
    await db?.close();
    await scratch?.drop();
  });

  const send = (topic: string, events: { id: string; source?: string; causationId?: string; type: string }[]) =>
    producer.send({ topic, messages: events.map((e) => ({ key: e.id, value: JSON.stringify({ ...e, correlationId: `c-${e.id}` }) })) });
  const stored = async (n: number) => {
    const { rows } = await db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE topic LIKE $1', [`${ns}.%`]);
    return rows[0]!.n >= n;
  };

  it('has producer → topic → consumer edges with their rates, unknown producers, a red dead-letter edge and the causal layer', async () => {
    const orders = Array.from({ length: ORDERS }, (_, i) => ({ id: `o${i}`, source: 'order-service', type: 'OrderPlaced' }));
    await send(t.orders, orders);
    // Causes first: the collector finds a cause's service among the events stored before.
    await expect.poll(() => stored(ORDERS), { timeout: 30_000, interval: 200 }).toBe(true);
    await send(t.payments, orders.slice(0, 10).map((o) => ({ id: `p-${o.id}`, source: 'payment-service', causationId: o.id, type: 'PaymentCaptured' })));
    await send(t.dlq, orders.slice(10).map((o) => ({ id: `d-${o.id}`, source: 'payment-service', causationId: o.id, type: 'PaymentFailed' })));
    await send(t.raw, [{ id: 'r1', type: 'Raw' }, { id: 'r2', type: 'Raw' }, { id: 'r3', type: 'Raw' }]);
    await expect.poll(() => stored(ORDERS + 15), { timeout: 30_000, interval: 200 }).toBe(true);

    // A consumer group named like a service (behind a namespace) that read nothing yet.
    await kafka.setGroupOffsets(`${ns}.payment-service`, t.orders, [{ partition: 0, offset: 0 }]);
    const monitor = createLagMonitor({ kafka, log });
    const flows = createFlowService({ sql: db.sql, clusterWatch: watch, lagMonitor: monitor, log });
    await watch.start();
    await send(t.legacy, [{ id: 'l1', type: 'Old' }, { id: 'l2', type: 'Old' }]);
    await watch.refresh();
    await monitor.refresh();
    const before = await flows.graph('5m');
    expect(before.edges.find((e) => e.id === `consume:topic:${t.orders}>service:payment-service`)).toMatchObject({ lag: ORDERS, rate: null, status: 'OK' });
    // The group reads everything between two cycles: its consume rate is what it committed over the time between them.
    const firstAt = monitor.snapshot().observedAt!;
    await kafka.setGroupOffsets(`${ns}.payment-service`, t.orders, [{ partition: 0, offset: ORDERS }]);
    await monitor.refresh();
    const g = await flows.graph('5m');
    flows.close();
    const consumeRate = ORDERS / ((monitor.snapshot().observedAt! - firstAt) / 1000);
    const seconds = (g.to - g.from) / 1000;
    const edge = (id: string) => g.edges.find((e) => e.id === id);

    expect(edge(`produce:service:order-service>topic:${t.orders}`)).toMatchObject({ events: ORDERS, errors: 0, types: ['OrderPlaced'], alert: false });
    expect(edge(`produce:service:order-service>topic:${t.orders}`)!.rate).toBeCloseTo(ORDERS / seconds, 6);
    expect(edge(`produce:service:payment-service>topic:${t.payments}`)).toMatchObject({ events: 10, types: ['PaymentCaptured'] });
    expect(edge(`produce:service:payment-service>topic:${t.dlq}`)).toMatchObject({ events: 2, errors: 2, alert: true });
    expect(edge(`produce:unknown:${t.raw}>topic:${t.raw}`)).toMatchObject({ events: 3, service: null });
    expect(edge(`produce:unknown:${t.legacy}>topic:${t.legacy}`)?.rate).toBeGreaterThan(0);
    expect(g.nodes.find((n) => n.id === `topic:${t.dlq}`)?.role).toBe('dlq');

    expect(edge(`consume:topic:${t.orders}>service:payment-service`)).toMatchObject({ groupId: `${ns}.payment-service`, lag: 0 });
    expect(edge(`consume:topic:${t.orders}>service:payment-service`)!.rate).toBeCloseTo(consumeRate, 6);
    expect(g.edges.filter((e) => e.kind === 'causal' && e.source === 'service:order-service').map((e) => `${e.target} ${e.events}`)).toEqual(['service:payment-service 12']);

    // The 24 h window reads hour buckets and sums to the same counts.
    const day = await createFlowService({ sql: db.sql, clusterWatch: watch, lagMonitor: monitor, log }).graph('24h');
    const dayEdge = day.edges.find((e) => e.id === `produce:service:order-service>topic:${t.orders}`)!;
    expect(dayEdge.events).toBe(ORDERS);
    // A fresh store: the day's rates divide by the minutes collected, not by 24 h.
    expect(day.to - day.from).toBeLessThan(10 * 60_000);
    expect(dayEdge.rate).toBeCloseTo(ORDERS / ((day.to - day.from) / 1000), 6);

    // Retention takes the rollups with the events.
    const pass = await createRetention({ sql: db.sql, log, options: { maxAgeMs: 60_000 } }).runOnce(Date.now() + 3 * 3_600_000);
    expect(pass.flowRows).toBeGreaterThan(0);
    const { rows } = await db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM flow_edges');
    expect(rows[0]!.n).toBe(0);
  });

  it('draws a Spring dead-letter copy from the consumer group that wrote it, not from the order-service source it kept', async () => {
    // As Spring Kafka's DeadLetterPublishingRecoverer writes it: the original value and
    // headers, plus the kafka_dlt-* headers (partition and offset as big-endian ints).
    const group = `${ns}.payments-listener`;
    const int32 = (n: number) => Buffer.from([0, 0, 0, n]);
    const int64 = (n: number) => Buffer.concat([Buffer.alloc(7), Buffer.from([n])]);
    const copies = [0, 1, 2].map((i) => ({
      key: `o${i}`,
      value: JSON.stringify({ id: `o${i}`, source: 'order-service', type: 'OrderPlaced', correlationId: `c-dlt-${i}` }),
      headers: {
        'kafka_dlt-original-topic': t.orders,
        'kafka_dlt-original-partition': int32(0),
        'kafka_dlt-original-offset': int64(i),
        'kafka_dlt-original-consumer-group': group,
        'kafka_dlt-exception-fqcn': 'org.springframework.kafka.listener.ListenerExecutionFailedException',
        'kafka_dlt-exception-message': 'Listener method threw exception',
      },
    }));
    await producer.send({ topic: t.dlt, messages: copies });
    const storedDlt = async () => (await db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE topic = $1', [t.dlt])).rows[0]!.n;
    await expect.poll(storedDlt, { timeout: 30_000, interval: 200 }).toBe(3);
    // The group consumes the original topic: the map already has its node from the lag monitor.
    await kafka.setGroupOffsets(group, t.orders, [{ partition: 0, offset: 0 }]);
    const monitor = createLagMonitor({ kafka, log });
    await monitor.refresh();
    await watch.refresh();
    const flows = createFlowService({ sql: db.sql, clusterWatch: watch, lagMonitor: monitor, log });
    const g = await flows.graph('5m');
    flows.close();
    const edge = (id: string) => g.edges.find((e) => e.id === id);

    // One node for the group: what it reads and the dead letters it writes.
    expect(edge(`produce:service:${group}>topic:${t.dlt}`)).toMatchObject({ events: 3, types: ['OrderPlaced'], service: group });
    expect(edge(`consume:topic:${t.orders}>service:${group}`)).toMatchObject({ groupId: group });
    expect(edge(`produce:service:order-service>topic:${t.dlt}`)).toBeUndefined();
    // It failed on order-service's events: the causal layer says so.
    expect(edge(`causal:service:order-service>service:${group}`)?.events).toBe(3);
    // The event keeps its source (the catalog's producer of OrderPlaced); the trace says who wrote the copy.
    const trace = await createTraceQueries(db.sql).trace('c-dlt-1');
    expect(trace!.events).toMatchObject([{ topic: t.dlt, source: 'order-service', deadLetterOf: `${t.orders}/0/1`, writer: { role: 'dead-letter', by: group, kind: 'group' } }]);
  });
});
