import { describe, expect, it } from 'vitest';
import { buildFlowGraph, neighbourhood, serviceOfGroup, tracePath, UNKNOWN_CAUSE, type FlowGraphInput, type FlowRollup } from './flow-graph';

const roll = (source: string, topic: string, events: number, extra: Partial<FlowRollup> = {}): FlowRollup => ({ source, topic, causedBy: '', eventType: '', events, errors: 0, ...extra });
const topic = (name: string, messagesPerSecond: number | null = null, internal = false) => ({ name, internal, messagesPerSecond });
const consumer = (groupId: string, t: string, status: 'OK' | 'STOP' = 'OK', lag = 0) => ({
  groupId,
  status,
  topics: [{ topic: t, lag, lagSeconds: lag ? 12 : 0, consumeRate: 3, status }],
});

/** The demo shop in small: order-service → orders → payment-service → payments (+ retry, DLQ) → inventory-service. */
const shop = (over: Partial<FlowGraphInput> = {}): FlowGraphInput => ({
  window: '5m',
  from: 0,
  to: 300_000,
  rollups: [
    roll('order-service', 'orders', 600, { eventType: 'OrderPlaced' }),
    roll('payment-service', 'payments', 540, { causedBy: 'order-service', eventType: 'PaymentCaptured' }),
    roll('payment-service', 'payments.retry', 30, { causedBy: 'order-service' }),
    roll('payment-service', 'payments.DLQ', 3, { errors: 3 }),
    roll('inventory-service', 'inventory', 300, { causedBy: 'payment-service' }),
  ],
  topics: [topic('orders', 2), topic('payments', 1.8), topic('payments.retry'), topic('payments.DLQ'), topic('inventory'), topic('__consumer_offsets', 5, true), topic('quiet', 0)],
  groups: [consumer('payment-service', 'orders'), consumer('inventory-service', 'payments'), consumer('audit-trail', 'inventory', 'STOP', 40), { ...consumer('eventline-collector', 'orders'), own: true }],
  ...over,
});

const edge = (g: ReturnType<typeof buildFlowGraph>, id: string) => g.edges.find((e) => e.id === id);

describe('buildFlowGraph', () => {
  it('draws producer → topic → consumer with rates over the window', () => {
    const g = buildFlowGraph(shop());
    expect(edge(g, 'produce:service:order-service>topic:orders')).toMatchObject({ rate: 2, events: 600, types: ['OrderPlaced'], service: 'order-service', topic: 'orders' });
    // A group named like a producing service is that service: orders → payment-service → payments.
    expect(edge(g, 'consume:topic:orders>service:payment-service')).toMatchObject({ groupId: 'payment-service', rate: 3, status: 'OK' });
    expect(edge(g, 'produce:service:payment-service>topic:payments')?.rate).toBeCloseTo(1.8);
    // A group with no service of its name is a node of its own, with its lag and status.
    expect(g.nodes.find((n) => n.id === 'group:audit-trail')).toMatchObject({ kind: 'group', status: 'STOP' });
    expect(edge(g, 'consume:topic:inventory>group:audit-trail')).toMatchObject({ lag: 40, lagSeconds: 12, status: 'STOP' });
  });

  it('marks retry, dead-letter and internal topics, and a dead-letter edge with traffic red', () => {
    const g = buildFlowGraph(shop());
    const role = (id: string) => g.nodes.find((n) => n.id === id)?.role;
    expect([role('topic:payments.retry'), role('topic:payments.DLQ'), role('topic:__consumer_offsets'), role('group:eventline-collector'), role('topic:orders')]).toEqual(['retry', 'dlq', 'internal', 'internal', 'plain']);
    expect(edge(g, 'produce:service:payment-service>topic:payments.DLQ')).toMatchObject({ alert: true, errors: 3 });
    expect(edge(g, 'produce:service:payment-service>topic:payments.retry')?.alert).toBe(false);
    const quiet = buildFlowGraph(shop({ rollups: shop().rollups.filter((r) => r.topic !== 'payments.DLQ'), topics: [topic('payments.DLQ', 0)] }));
    expect(quiet.edges.some((e) => e.target === 'topic:payments.DLQ' && e.alert)).toBe(false);
  });

  it('gives a topic written by no known service an unknown producer at its log-end rate', () => {
    const g = buildFlowGraph(shop({ rollups: [roll('', 'orders', 90)], topics: [topic('orders', 7.5), topic('legacy', 4)] }));
    expect(edge(g, 'produce:unknown:orders>topic:orders')?.rate).toBe(7.5);
    expect(edge(g, 'produce:unknown:legacy>topic:legacy')).toMatchObject({ rate: 4, events: 0 });
    expect(g.nodes.find((n) => n.id === 'unknown:legacy')).toMatchObject({ kind: 'unknown', label: 'unknown producer' });
  });

  it('draws the causal layer from the causing service to the caused one, never to itself', () => {
    const g = buildFlowGraph(shop({ rollups: [...shop().rollups, roll('order-service', 'orders', 5, { causedBy: 'order-service' })] }));
    const causal = g.edges.filter((e) => e.kind === 'causal').map((e) => `${e.id} ${e.events}`);
    expect(causal).toEqual(['causal:service:order-service>service:payment-service 570', 'causal:service:payment-service>service:inventory-service 300']);
  });

  it('counts as journey starts only events that named no cause, not those whose cause was not collected', () => {
    const g = buildFlowGraph(
      shop({ rollups: [roll('order-service', 'orders', 40), roll('payment-service', 'payments', 30, { causedBy: UNKNOWN_CAUSE }), roll('payment-service', 'payments', 5)] }),
    );
    const starts = (id: string) => g.nodes.find((n) => n.id === id)?.starts;
    expect([starts('service:order-service'), starts('service:payment-service')]).toEqual([40, 5]);
    expect(g.edges.filter((e) => e.kind === 'causal')).toEqual([]);
    expect(g.nodes.some((n) => n.label === UNKNOWN_CAUSE)).toBe(false);
  });

  it('marks idle topics, but never a stopped consumer of a busy topic', () => {
    const g = buildFlowGraph(shop({ groups: [consumer('payment-service', 'orders', 'STOP', 9)] }));
    const idle = (id: string) => g.nodes.find((n) => n.id === id)?.idle;
    expect([idle('topic:quiet'), idle('topic:orders'), idle('service:payment-service')]).toEqual([true, false, false]);
  });

  it('keeps the shape key when only rates, lag or status change, and changes it when an edge comes', () => {
    const a = buildFlowGraph(shop());
    const b = buildFlowGraph(shop({ rollups: shop().rollups.map((r) => ({ ...r, events: r.events * 3 })), groups: [consumer('payment-service', 'orders', 'STOP', 99), ...shop().groups.slice(1)] }));
    const c = buildFlowGraph(shop({ rollups: [...shop().rollups, roll('shipping-service', 'shipments', 1)] }));
    expect(b.shapeKey).toBe(a.shapeKey);
    expect(c.shapeKey).not.toBe(a.shapeKey);
  });
});

describe('serviceOfGroup', () => {
  it('matches a group to a service by name, or by the name after a namespace', () => {
    const services = new Set(['payment-service']);
    expect([serviceOfGroup('payment-service', services), serviceOfGroup('t42.payment-service', services), serviceOfGroup('payment-service-v2', services)]).toEqual(['payment-service', 'payment-service', null]);
  });
  it('matches a sink connector’s group (connect-<name>) to the connector, when it wrote dead letters under its name', () => {
    expect([serviceOfGroup('connect-s3-sink', new Set(['s3-sink'])), serviceOfGroup('connect-s3-sink', new Set(['other']))]).toEqual(['s3-sink', null]);
  });
  it('draws a consumer group or a connector that wrote dead letters as one node: what it reads and the copies it writes', () => {
    const g = buildFlowGraph(
      shop({
        rollups: [roll('order-service', 'orders', 10), roll('payments-consumer', 'orders.DLT', 2, { errors: 2, causedBy: 'order-service' }), roll('s3-sink', 'dlq-s3', 1, { errors: 1, causedBy: UNKNOWN_CAUSE })],
        topics: [topic('orders'), topic('orders.DLT'), topic('dlq-s3')],
        groups: [consumer('payments-consumer', 'orders'), consumer('connect-s3-sink', 'orders')],
      }),
    );
    expect(edge(g, 'consume:topic:orders>service:payments-consumer')?.groupId).toBe('payments-consumer');
    expect(edge(g, 'produce:service:payments-consumer>topic:orders.DLT')).toMatchObject({ events: 2, errors: 2 });
    expect(edge(g, 'consume:topic:orders>service:s3-sink')?.groupId).toBe('connect-s3-sink');
    expect(edge(g, 'produce:service:s3-sink>topic:dlq-s3')).toMatchObject({ events: 1, alert: true });
    expect(g.nodes.some((n) => n.id.startsWith('group:'))).toBe(false);
    // A copy is not a journey start of its writer.
    expect(g.nodes.find((n) => n.id === 'service:s3-sink')?.starts).toBe(0);
  });
});

describe('tracePath', () => {
  it('lights up each event’s producer edge and the consume edge its effect came through', () => {
    const g = buildFlowGraph(shop());
    const path = tracePath(g, [
      { eventId: 'o1', topic: 'orders', source: 'order-service', causationId: null },
      { eventId: 'p1', topic: 'payments', source: 'payment-service', causationId: 'o1' },
    ]);
    expect([...path.edges].sort()).toEqual([
      'causal:service:order-service>service:payment-service',
      'consume:topic:orders>service:payment-service',
      'produce:service:order-service>topic:orders',
      'produce:service:payment-service>topic:payments',
    ]);
    expect(path.nodes.has('topic:inventory')).toBe(false);
  });
  it('lights a retry or dead-letter copy from its writer, not from the source it kept', () => {
    const g = buildFlowGraph(shop());
    const path = tracePath(g, [
      { eventId: 'o1', topic: 'orders', source: 'order-service', causationId: null },
      { eventId: 'o1', topic: 'payments.DLQ', source: 'order-service', causationId: null, writer: { by: 'payment-service' } },
    ]);
    expect([...path.edges].sort()).toEqual(['produce:service:order-service>topic:orders', 'produce:service:payment-service>topic:payments.DLQ']);
  });
});

describe('neighbourhood', () => {
  it('walks depth hops both ways from the focal node', () => {
    const edges = [{ source: 'a', target: 'b' }, { source: 'b', target: 'c' }, { source: 'c', target: 'd' }, { source: 'x', target: 'b' }];
    expect([...neighbourhood(edges, 'b', 1)].sort()).toEqual(['a', 'b', 'c', 'x']);
    expect([...neighbourhood(edges, 'a', 2)].sort()).toEqual(['a', 'b', 'c', 'x']);
  });
});
