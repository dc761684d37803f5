// The demo shop against a real broker: one demo for the whole file, orders placed one at a
// time and followed by their ids, every wait bounded and on a condition.
import { randomUUID } from 'node:crypto';
import type { Admin, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKafkaBrokers, uniqueName } from '../server/kafka/test-support/test-kafka';
import { startDemo, type DemoSystem } from './index';
import type { OrderStatusChanged } from './lib/events';
import { createKafka, createProducer } from './lib/kafka';
import { groupLag } from './lib/lag';
import { foldOrder } from './lib/order-lifecycle';
import { TopicTap, waitFor, type TappedRecord } from './test-support/topic-tap';

let demo: DemoSystem;
let tap: TopicTap;
let admin: Admin;
let producer: Producer;
const logs: string[] = [];

beforeAll(async () => {
  const brokers = testKafkaBrokers();
  demo = await startDemo({
    brokers,
    namespace: uniqueName('shop'),
    rate: 0, // orders are placed by the tests, one by one
    log: (line) => logs.push(line),
    behaviour: { poisonRate: 0, resendRate: 0, transientFailureRate: 0, declineRate: 0, outOfStockRate: 0 },
    retry: { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 200 },
  });
  tap = await TopicTap.start(brokers, Object.values(demo.topics));
  const kafka = createKafka({ brokers, clientId: 'shop-int-test', log: () => {} });
  admin = kafka.admin();
  producer = createProducer(kafka);
  await Promise.all([admin.connect(), producer.connect()]);
});

afterAll(async () => {
  await Promise.allSettled([demo?.stop(), tap?.stop(), admin?.disconnect(), producer?.disconnect()]);
});

const one = (records: TappedRecord[], what: string): TappedRecord => {
  expect(records, what).toHaveLength(1);
  return records[0]!;
};

const shipped = (orderId: string) =>
  waitFor(`order ${orderId} shipped in the read model`, () => demo.orderProjection!.get(orderId)?.status === 'shipped');

describe('the demo shop', () => {
  it('runs one order through the whole chain with one correlation id and causation links', async () => {
    const placed = await demo.placeOrder({ version: 2 });
    await shipped(placed.orderId);
    await tap.catchUp(admin);
    const history = tap.find(demo.topics.orderEvents, placed.orderId);
    expect(history.map((r) => (r.json as OrderStatusChanged).status).sort()).toEqual(['paid', 'placed', 'reserved', 'shipped']);

    const order = one(tap.find(demo.topics.orders, placed.orderId), 'orders');
    const payment = one(tap.find(demo.topics.payments, placed.orderId), 'payments');
    const stock = one(tap.find(demo.topics.inventory, placed.orderId), 'inventory');
    const shipment = one(tap.find(demo.topics.shipments, placed.orderId), 'shipments');

    // One journey: every event carries the order's correlation id, whichever header holds it.
    for (const record of [order, payment, stock, shipment, ...history]) {
      expect(record.correlationId, `${record.topic} correlation`).toBe(placed.correlationId);
    }
    expect(shipment.headers['x-correlation-id'], 'shipping-service uses traceparent only').toBeUndefined();
    expect(shipment.headers.traceparent).toBe(`00-${placed.correlationId}-${shipment.id!.replace(/-/g, '').slice(0, 16)}-01`);

    // Causation: each event names the event that caused it.
    expect(order.id).toBe(placed.eventId);
    expect(order.causationId).toBeUndefined();
    expect(payment.causationId).toBe(order.id);
    expect(stock.causationId).toBe(payment.id);
    expect(shipment.causationId).toBe(stock.id);

    // CloudEvents headers, versioned types, sources.
    expect(order.headers).toMatchObject({ ce_specversion: '1.0', ce_type: 'shop.OrderPlaced.v2', ce_source: 'order-service' });
    expect([payment, stock, shipment].map((r) => r.headers.ce_type)).toEqual([
      'shop.PaymentAuthorized.v1',
      'shop.StockReserved.v1',
      'shop.OrderShipped.v1',
    ]);
    expect([payment, stock, shipment].map((r) => r.headers.ce_source)).toEqual(['payment-service', 'inventory-service', 'shipping-service']);
    expect(new Set([order, payment, stock, shipment].map((r) => r.id)).size).toBe(4);

    // The event-sourced history: one fact per step, each caused by the event it records.
    const causeOf = { placed: order.id, paid: payment.id, reserved: stock.id, shipped: shipment.id };
    for (const record of history) {
      const event = record.json as OrderStatusChanged;
      expect(record.causationId, event.status).toBe(causeOf[event.status as keyof typeof causeOf]);
      expect(record.headers.ce_source).toBe('order-service');
    }
    expect(foldOrder(history.map((r) => r.json as OrderStatusChanged))).toMatchObject({ status: 'shipped', currency: 'EUR' });

    // Fan-out: notification-service saw the payment and the shipment too.
    await waitFor('notifications', () => {
      const sent = demo.stats().services['notification-service']!.notificationsSent as Record<string, number>;
      return (sent.OrderShipped ?? 0) >= 1 && (sent.PaymentAuthorized ?? 0) >= 1;
    });
  });

  it('retries a poison message, then dead-letters it with headers naming its origin', async () => {
    const placed = await demo.placeOrder({ poison: true });
    await waitFor('the order marked failed', () => demo.orderProjection!.get(placed.orderId)?.status === 'failed');
    await tap.catchUp(admin);
    const dead = one(tap.find(demo.topics.paymentsDlq, placed.orderId), 'dead letters');
    const original = one(tap.find(demo.topics.orders, placed.orderId), 'orders');

    expect(dead.id, 'the same event, not a new one').toBe(placed.eventId);
    expect(dead.value).toBe(original.value);
    expect(dead.headers).toMatchObject({
      'x-original-topic': demo.topics.orders,
      'x-original-partition': String(original.partition),
      'x-original-offset': original.offset,
      'x-attempts': '3',
      'x-error-kind': 'retryable',
      'x-dead-lettered-by': 'payment-service',
    });
    expect(dead.headers['x-error']).toMatch(/HTTP 500/);

    const retries = tap.find(demo.topics.paymentsRetry, placed.orderId);
    expect(retries.map((r) => r.headers['x-retry-count'])).toEqual(['1', '2']);
    expect(retries.every((r) => r.headers['x-original-topic'] === demo.topics.orders)).toBe(true);
    expect(retries.map((r) => r.headers['x-retried-by'])).toEqual(['payment-service', 'payment-service']);
    expect(tap.find(demo.topics.payments, placed.orderId)).toHaveLength(0);
  });

  it('sends a malformed JSON record on orders to the DLQ and keeps going', async () => {
    const key = `garbage-${randomUUID()}`;
    await producer.send({ topic: demo.topics.orders, messages: [{ key, value: '{"type":"OrderPlaced", "orderId": ' }] });
    const dead = await waitFor('the malformed record in the DLQ', () => tap.find(demo.topics.paymentsDlq, key)[0]);
    expect(dead.value).toBe('{"type":"OrderPlaced", "orderId": ');
    expect(dead.headers).toMatchObject({ 'x-original-topic': demo.topics.orders, 'x-attempts': '1', 'x-error-kind': 'invalid' });
    expect(dead.headers['x-error']).toMatch(/^InvalidEventError: /);

    // Nobody crashed: the next order still goes all the way.
    const next = await demo.placeOrder();
    await shipped(next.orderId);
    const stats = demo.stats().services;
    expect(stats['payment-service']).toMatchObject({ state: 'running', invalid: expect.any(Number) });
    expect(stats['payment-service']!.invalid).toBeGreaterThanOrEqual(1);
    expect(stats['order-service']!.state).toBe('running');
  });

  it('processes a resent event once', async () => {
    const duplicatesBefore = demo.stats().services['payment-service']!.duplicates;
    const placed = await demo.placeOrder({ resend: true });
    await shipped(placed.orderId);
    await waitFor('payment-service to see the copy', () => demo.stats().services['payment-service']!.duplicates > duplicatesBefore);
    await tap.catchUp(admin);

    const sent = tap.find(demo.topics.orders, placed.orderId);
    expect(sent).toHaveLength(2);
    expect(sent[0]!.id).toBe(sent[1]!.id);
    expect(tap.find(demo.topics.payments, placed.orderId)).toHaveLength(1);
    expect(tap.find(demo.topics.shipments, placed.orderId)).toHaveLength(1);
    const placedFacts = tap.find(demo.topics.orderEvents, placed.orderId).filter((r) => (r.json as OrderStatusChanged).status === 'placed');
    expect(placedFacts).toHaveLength(1);
  });

  it('lets the lag of a paused payment-service grow, and drains it on resume', async () => {
    const group = demo.groups['payment-service'];
    const lag = async () => (await groupLag(admin, group, [demo.topics.orders])).total;
    await waitFor('payment-service caught up', async () => (await lag()) === 0);

    demo.knobs.pauseGroup('payment-service');
    expect(demo.knobs.getKnobs().services['payment-service']).toMatchObject({ paused: true, running: true });
    const batch1 = await Promise.all(Array.from({ length: 10 }, () => demo.placeOrder()));
    await waitFor('lag ≥ 10', async () => (await lag()) >= 10);
    const batch2 = await Promise.all(Array.from({ length: 10 }, () => demo.placeOrder()));
    expect(await lag()).toBe(20);

    // Paused is not stopped: the member is still in the group.
    const [description] = (await admin.describeGroups([group])).groups;
    expect(description).toMatchObject({ state: 'Stable' });
    expect(description!.members).toHaveLength(1);

    demo.knobs.resumeGroup('payment-service');
    await waitFor('lag drained', async () => (await lag()) === 0);
    for (const { orderId } of [...batch1, ...batch2]) await shipped(orderId);
  });

  it('stops a service (it leaves its group) and starts it again', async () => {
    const group = demo.groups['inventory-service'];
    await demo.knobs.stopService('inventory-service');
    const [description] = (await admin.describeGroups([group])).groups;
    expect(description).toMatchObject({ state: 'Empty', members: [] });

    const placed = await demo.placeOrder();
    await waitFor('paid while inventory is down', () => demo.orderProjection!.get(placed.orderId)?.status === 'paid');
    await demo.knobs.startService('inventory-service');
    await shipped(placed.orderId);
  });

  it('reports how fresh the read model is', async () => {
    const freshness = await waitFor('a caught-up projection', () => {
      const f = demo.orderProjection!.freshness();
      return f.behindEvents === 0 && f;
    });
    expect(freshness).toMatchObject({ stalenessMs: 0, orders: expect.any(Number) });
    expect(freshness.lastApplyDelayMs).toBeGreaterThanOrEqual(0);
    expect(freshness.orderToShippedMs).toMatchObject({ count: expect.any(Number), p50: expect.any(Number) });
    expect(freshness.orderToShippedMs!.p50).toBeLessThanOrEqual(freshness.orderToShippedMs!.max);
    expect(freshness.orders).toBeGreaterThanOrEqual(25);
    const counts = demo.orderProjection!.byStatus();
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(freshness.orders);
    expect(counts.failed).toBeGreaterThanOrEqual(1);
  });
});
