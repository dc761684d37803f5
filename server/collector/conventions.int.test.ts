// Records written as NServiceBus, MassTransit, Axon, CloudEvents (both modes), W3C, B3,
// Spring's dead-letter recoverer and a team's own convention would write them, produced to
// the real broker: the collector stitches each flow into its trace with the right causal
// tree, links the dead-letter copy to its original, and counts the coverage per topic
// exactly. On PGlite and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Producer } from 'kafkajs';
import { buildTraceTree, type TreeRow } from '../../lib/trace-tree';
import { createKafkaService, type KafkaService } from '../kafka';
import { testKafkaBrokers, uniqueName } from '../kafka/test-support/test-kafka';
import { createLogger } from '../log/logger';
import { createDatabase, type Database } from '../store';
import { createScratch, databaseKinds, type Scratch } from '../store/test-support/scratch-databases';
import { createCoverageQueries } from '../traces/coverage-queries';
import { createTraceQueries } from '../traces/trace-queries';
import { parseIdConventions } from './conventions/custom-conventions';
import { createCollector, defaultConventions, type Collector } from './index';

const log = createLogger({ level: 'warn' });
const b = (s: string) => Buffer.from(s);
const json = (v: unknown) => JSON.stringify(v);
const int32 = (n: number) => { const x = Buffer.alloc(4); x.writeInt32BE(n); return x; };
const int64 = (n: bigint) => { const x = Buffer.alloc(8); x.writeBigInt64BE(n); return x; };
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

/** The parent of each row in a pre-order list with depths. */
function parentIds(rows: TreeRow[]): Record<string, string | null> {
  const path: TreeRow[] = [];
  const out: Record<string, string | null> = {};
  for (const r of rows) {
    path.length = r.depth;
    if (!(r.event.eventId in out)) out[r.event.eventId] = path[r.depth - 1]?.event.eventId ?? null;
    path.push(r);
  }
  return out;
}

describe.each(databaseKinds)('id conventions end to end on %s', (kind) => {
  const ns = uniqueName(`conv-${kind}`).replace(/-/g, '_');
  const topics = { orders: `${ns}.orders`, payments: `${ns}.payments`, dlt: `${ns}.orders-dlt` };
  let scratch: Scratch;
  let db: Database;
  let collector: Collector;
  let producer: Producer;
  let kafkaService: KafkaService;
  let originalOffset = '';

  beforeAll(async () => {
    const brokers = testKafkaBrokers();
    scratch = await createScratch(kind, 'conventions');
    db = await createDatabase(scratch.config);
    kafkaService = createKafkaService({ brokers, clientId: 'conventions-int' }, log);
    const kafka = kafkaService.client;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic: topics.orders, numPartitions: 2 }, { topic: topics.payments, numPartitions: 1 }, { topic: topics.dlt, numPartitions: 1 }],
      waitForLeaders: true,
    });
    await admin.disconnect();
    producer = kafka.producer();
    await producer.connect();
    const custom = parseIdConventions({ conventions: [{ name: 'acme', topics: [`^${ns}\\.orders$`], correlationId: { headers: ['acme-flow'] } }] }, 'test');

    // orders: one first message of each flow, a record with no ids, one event id sent twice.
    const nsbPlaced = {
      'NServiceBus.MessageId': b('nsb-1'),
      'NServiceBus.ConversationId': b('conv-nsb'),
      'NServiceBus.EnclosedMessageTypes': b('Shop.Messages.OrderPlaced, Shop.Messages, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null'),
      'NServiceBus.OriginatingEndpoint': b('Sales'),
    };
    const [placed] = await producer.send({ topic: topics.orders, messages: [{ partition: 0, value: json({ OrderId: 'o1' }), headers: nsbPlaced }] });
    originalOffset = placed!.baseOffset!;
    await producer.send({
      topic: topics.orders,
      messages: [
        { partition: 0, value: json({ messageId: 'mt-1', conversationId: 'conv-mt', sourceAddress: 'loopback://localhost/orders', messageType: ['urn:message:Shop:OrderSubmitted'], message: { id: 'o2' } }) },
        { partition: 0, value: json({ orderId: 'o3' }), headers: { 'axon-message-id': b('ax-1'), 'axon-message-type': b('com.shop.OrderPlaced'), 'axon-metadata-traceId': b('ax-root'), 'axon-metadata-correlationId': b('ax-root') } },
        { partition: 0, value: json({ specversion: '1.0', id: 'ce-1', source: '/orders', type: 'shop.order.placed', correlationid: 'corr-ce', data: {} }), headers: { 'content-type': b('application/cloudevents+json; charset=UTF-8') } },
        { partition: 0, value: json({ orderId: 'o5' }), headers: { traceparent: b(`00-${TRACE_ID}-00f067aa0ba902b7-01`) } },
        { partition: 0, value: json({ orderId: 'o6' }) },
        { partition: 0, value: json({ n: 1 }), headers: { ce_id: b('dup-1'), ce_correlationid: b('corr-dup') } },
        { partition: 1, value: json({ n: 2 }), headers: { ce_id: b('dup-1'), ce_correlationid: b('corr-dup') } },
        { partition: 1, value: json({ orderId: 'o8' }), headers: { 'acme-flow': b('flow-1') } },
      ],
    });
    // payments: each flow's next step, caused by the first.
    await producer.send({
      topic: topics.payments,
      messages: [
        { value: json({ paid: true }), headers: { 'NServiceBus.MessageId': b('nsb-2'), 'NServiceBus.ConversationId': b('conv-nsb'), 'NServiceBus.RelatedTo': b('nsb-1') } },
        { value: json({ messageId: 'mt-2', conversationId: 'conv-mt', initiatorId: 'mt-1', messageType: ['urn:message:Shop:PaymentTaken'], message: {} }) },
        { value: json({}), headers: { 'axon-message-id': b('ax-2'), 'axon-metadata-traceId': b('ax-root'), 'axon-metadata-correlationId': b('ax-1') } },
        { value: json({}), headers: { ce_id: b('ce-2'), ce_type: b('shop.payment.taken'), ce_correlationid: b('corr-ce'), ce_causationid: b('ce-1') } },
        { value: json({}), headers: { b3: b(`${TRACE_ID}-e457b5a2e4d86bd1-1`) } },
      ],
    });
    // The dead-letter copy of the NServiceBus order, as Spring's recoverer writes it.
    await producer.send({
      topic: topics.dlt,
      messages: [{
        value: json({ OrderId: 'o1' }),
        headers: { ...nsbPlaced, 'kafka_dlt-original-topic': b(topics.orders), 'kafka_dlt-original-partition': int32(0), 'kafka_dlt-original-offset': int64(BigInt(originalOffset)), 'kafka_dlt-exception-message': b('boom') },
      }],
    });

    collector = createCollector({
      kafka: kafkaService,
      sql: db.sql,
      log,
      options: { include: [new RegExp(`^${ns}\\.`)], groupId: uniqueName('conv-collector'), topicRefreshMs: 1000, conventions: [...custom, ...defaultConventions], duplicateSampleEvery: 1 },
    });
    await collector.start();
  });

  afterAll(async () => {
    await collector?.stop();
    await producer?.disconnect();
    await kafkaService?.close();
    await db?.close();
    await scratch?.drop();
  });

  const traces = () => createTraceQueries(db.sql);

  it('stores every record once', async () => {
    const stored = async () => (await db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE topic LIKE $1', [`${ns}.%`])).rows[0]!.n;
    await expect.poll(stored, { timeout: 45_000, interval: 250 }).toBe(15);
  });

  it('stitches each convention\'s flow into its trace, with the causal tree', async () => {
    const flows: [string, Record<string, string | null>][] = [
      ['conv-nsb', { 'nsb-1': null, 'nsb-2': 'nsb-1' }],
      ['conv-mt', { 'mt-1': null, 'mt-2': 'mt-1' }],
      ['ax-root', { 'ax-1': null, 'ax-2': 'ax-1' }],
      ['corr-ce', { 'ce-1': null, 'ce-2': 'ce-1' }],
    ];
    for (const [correlationId, tree] of flows) {
      const t = (await traces().trace(correlationId))!;
      expect(t, correlationId).not.toBeNull();
      const parents = parentIds(buildTraceTree(t.events));
      for (const [id, parent] of Object.entries(tree)) expect(parents[id], `${correlationId}: parent of ${id}`).toBe(parent);
    }
    // W3C on one topic and B3 on the next: one trace id, one trace.
    const tracing = (await traces().trace(TRACE_ID))!;
    expect(tracing.events.map((e) => [e.topic, e.idSources.correlationId])).toEqual([[topics.orders, 'w3c-traceparent'], [topics.payments, 'b3']]);
    expect((await traces().trace('flow-1'))!.events[0]!.idSources).toEqual({ correlationId: 'acme' });
    expect((await traces().trace('corr-dup'))!.summary.eventCount).toBe(2);
  });

  it('records which convention gave each id, and links the dead-letter copy to its original', async () => {
    const t = (await traces().trace('conv-nsb'))!;
    expect(t.summary.eventCount).toBe(3);
    const copy = t.events.find((e) => e.topic === topics.dlt)!;
    expect(copy).toMatchObject({ eventId: 'nsb-1', deadLetterOf: `${topics.orders}/0/${originalOffset}`, idSources: { eventId: 'nservicebus', correlationId: 'nservicebus', deadLetterOf: 'spring-dlt' } });
    const original = t.events.find((e) => e.topic === topics.orders)!;
    expect(`${original.topic}/${original.partition}/${original.offset}`).toBe(copy.deadLetterOf);
    expect(original).toMatchObject({ eventType: 'Shop.Messages.OrderPlaced', source: 'Sales', deadLetterOf: null });
    const detail = (await traces().event(copy.id))!;
    expect(detail.idSources.deadLetterOf).toBe('spring-dlt');
  });

  it('counts the coverage per topic exactly', async () => {
    const byTopic = Object.fromEntries((await createCoverageQueries(db.sql).coverage()).filter((c) => c.topic.startsWith(`${ns}.`)).map((c) => [c.topic, c]));
    expect(byTopic[topics.orders]).toMatchObject({
      events: 9, withEventId: 6, withCorrelationId: 8, withCausationId: 1, duplicatesChecked: 6, duplicateEventIds: 1, deadLetters: 0,
      conventions: [
        { name: 'cloudevents-binary', events: 2 },
        { name: 'acme', events: 1 },
        { name: 'axon', events: 1 },
        { name: 'cloudevents-structured', events: 1 },
        { name: 'masstransit', events: 1 },
        { name: 'nservicebus', events: 1 },
        { name: 'w3c-traceparent', events: 1 },
      ],
    });
    expect(byTopic[topics.payments]).toMatchObject({ events: 5, withEventId: 4, withCorrelationId: 5, withCausationId: 4, duplicateEventIds: 0 });
    expect(byTopic[topics.payments]!.conventions.map((c) => c.name).sort()).toEqual(['axon', 'b3', 'cloudevents-binary', 'masstransit', 'nservicebus']);
    // The copy carries the original's event id on another topic: a dead letter, not a duplicate.
    expect(byTopic[topics.dlt]).toMatchObject({ events: 1, withEventId: 1, duplicateEventIds: 0, deadLetters: 1 });
  });
});
