import { describe, expect, it } from 'vitest';
import { buildFlowGraph, type FlowGraphInput, type FlowRollup } from './flow-graph';
import { compactFlowGraph } from './wall-flows';

const roll = (source: string, topic: string, events: number, extra: Partial<FlowRollup> = {}): FlowRollup => ({ source, topic, causedBy: '', eventType: '', events, errors: 0, ...extra });
const topic = (name: string, messagesPerSecond: number | null = null, internal = false) => ({ name, internal, messagesPerSecond });
const consumer = (groupId: string, t: string, status: 'OK' | 'STOP' = 'OK', consumeRate: number | null = 3) => ({
  groupId,
  status,
  topics: [{ topic: t, lag: status === 'STOP' ? 40 : 0, lagSeconds: status === 'STOP' ? 12 : 0, consumeRate, status }],
});

/** order-service → orders → payment-service → payments (+ DLQ), an idle topic, an internal one, Eventline's own group, and a stopped reader of a quiet topic. */
const shop = (over: Partial<FlowGraphInput> = {}): FlowGraphInput => ({
  window: '5m',
  from: 0,
  to: 300_000,
  rollups: [
    roll('order-service', 'orders', 600, { eventType: 'OrderPlaced' }),
    roll('payment-service', 'payments', 540, { causedBy: 'order-service', eventType: 'PaymentCaptured' }),
    roll('payment-service', 'payments.DLQ', 3, { errors: 3 }),
  ],
  topics: [topic('orders', 2), topic('payments', 1.8), topic('payments.DLQ'), topic('quiet', 0), topic('__consumer_offsets', 5, true), topic('archive', 0)],
  groups: [
    consumer('payment-service', 'orders'),
    { ...consumer('eventline-collector', 'orders'), own: true },
    consumer('archiver', 'archive', 'STOP', null),
    consumer('idle-reader', 'quiet', 'OK', null),
  ],
  ...over,
});

const ids = (xs: { id: string }[]) => xs.map((x) => x.id);

describe('compactFlowGraph', () => {
  it('keeps the busy chain with its rates and the red dead-letter edge', () => {
    const wall = compactFlowGraph(buildFlowGraph(shop()));
    expect(ids(wall.nodes)).toEqual(
      expect.arrayContaining(['service:order-service', 'topic:orders', 'service:payment-service', 'topic:payments', 'topic:payments.DLQ']),
    );
    expect(wall.edges.find((e) => e.id === 'produce:service:order-service>topic:orders')).toMatchObject({ rate: 2, events: 600 });
    expect(wall.edges.find((e) => e.id === 'consume:topic:orders>service:payment-service')).toMatchObject({ rate: 3, status: 'OK' });
    expect(wall.edges.find((e) => e.target === 'topic:payments.DLQ')).toMatchObject({ alert: true, errors: 3 });
  });

  it('hides internal topics and groups, idle topics and their idle readers, and the causal layer', () => {
    const wall = compactFlowGraph(buildFlowGraph(shop()));
    const shown = ids(wall.nodes);
    for (const hidden of ['topic:__consumer_offsets', 'group:eventline-collector', 'topic:quiet', 'group:idle-reader']) expect(shown).not.toContain(hidden);
    expect(wall.edges.some((e) => e.kind === 'causal')).toBe(false);
    // Every edge joins two nodes the wall draws.
    for (const e of wall.edges) expect([shown.includes(e.source), shown.includes(e.target)]).toEqual([true, true]);
  });

  it('never hides a stopped group, even on an idle topic', () => {
    const wall = compactFlowGraph(buildFlowGraph(shop()));
    expect(wall.nodes.find((n) => n.id === 'group:archiver')).toMatchObject({ status: 'STOP' });
    expect(ids(wall.nodes)).toContain('topic:archive');
    expect(wall.edges.find((e) => e.id === 'consume:topic:archive>group:archiver')).toMatchObject({ status: 'STOP', lag: 40 });
  });

  it('sends no event type names to a display', () => {
    const wall = compactFlowGraph(buildFlowGraph(shop()));
    expect(wall.edges.flatMap((e) => e.types)).toEqual([]);
  });

  it('keeps its shape key when only rates change, and changes it when a node comes', () => {
    const a = compactFlowGraph(buildFlowGraph(shop()));
    const faster = compactFlowGraph(buildFlowGraph(shop({ rollups: shop().rollups.map((r) => ({ ...r, events: r.events * 2 })) })));
    expect(faster.shapeKey).toBe(a.shapeKey);
    const grown = compactFlowGraph(buildFlowGraph(shop({ rollups: [...shop().rollups, roll('inventory-service', 'inventory', 60)] })));
    expect(grown.shapeKey).not.toBe(a.shapeKey);
  });
  it('leaves out plain topics quieter than the wall rate, with their producers, but not retry or dead-letter ones', () => {
    const input = shop();
    // 6 records in 5 minutes from a test client: 0.02/s, below WALL_QUIET_RATE.
    input.rollups.push(roll('sales', 'e2e-scratch', 6));
    input.topics.push(topic('e2e-scratch', 0.02), topic('orders.retry', 0.01));
    input.rollups.push(roll('payment-service', 'orders.retry', 3));
    const wall = compactFlowGraph(buildFlowGraph(input));
    const shown = ids(wall.nodes);
    expect(shown).not.toContain('topic:e2e-scratch');
    expect(shown).not.toContain('service:sales');
    expect(shown).toContain('topic:orders.retry');
    expect(shown).toContain('topic:payments.DLQ');
    expect(shown).toContain('topic:orders');
  });
});
