import { describe, expect, it } from 'vitest';
import { buildFlowGraph } from '../../lib/flow-graph';
import { DEFAULT_CONTROLS, edgeTone, tracesHref, visibleGraph } from './flow-view';

const g = buildFlowGraph({
  window: '5m',
  from: 0,
  to: 60_000,
  rollups: [
    { source: 'a', topic: 'orders', causedBy: '', eventType: '', events: 60, errors: 0 },
    { source: 'b', topic: 'payments', causedBy: 'a', eventType: '', events: 60, errors: 0 },
    { source: 'b', topic: 'payments.DLQ', causedBy: '', eventType: '', events: 1, errors: 1 },
  ],
  topics: [{ name: '__consumer_offsets', internal: true, messagesPerSecond: 3 }, { name: 'quiet', internal: false, messagesPerSecond: 0 }],
  groups: [
    { groupId: 'b', status: 'STOP', topics: [{ topic: 'orders', lag: 5, lagSeconds: 3, consumeRate: 0, status: 'STOP' }] },
    { groupId: 'c', status: 'OK', topics: [{ topic: 'payments', lag: 0, lagSeconds: 0, consumeRate: 1, status: 'OK' }] },
  ],
});
const ids = (v: { nodes: { id: string }[] }) => v.nodes.map((n) => n.id).sort();

describe('visibleGraph', () => {
  it('hides internal topics with their unknown producers by default, and idle topics on request', () => {
    const v = visibleGraph(g, DEFAULT_CONTROLS);
    expect(ids(v)).not.toContain('topic:__consumer_offsets');
    expect(ids(v)).not.toContain('unknown:__consumer_offsets');
    expect(ids(v)).toContain('topic:quiet');
    expect(ids(visibleGraph(g, { ...DEFAULT_CONTROLS, hideIdle: true }))).not.toContain('topic:quiet');
    expect(v.causal).toEqual([]);
  });

  it('shows only the focal node’s neighbourhood, and the causal layer among what is shown', () => {
    const v = visibleGraph(g, { ...DEFAULT_CONTROLS, focus: 'topic:orders', depth: 1, causal: true });
    expect(ids(v)).toEqual(['service:a', 'service:b', 'topic:orders']);
    expect(v.causal.map((e) => e.id)).toEqual(['causal:service:a>service:b']);
  });

  it('keeps its shape when only rates change', () => {
    const v1 = visibleGraph(g, DEFAULT_CONTROLS);
    const v2 = visibleGraph({ ...g, edges: g.edges.map((e) => ({ ...e, rate: 99 })) }, DEFAULT_CONTROLS);
    expect(v2.shape).toBe(v1.shape);
  });
});

describe('edgeTone', () => {
  it('makes stopped groups and dead letters alarms', () => {
    const tone = (id: string) => edgeTone(g.edges.find((e) => e.id === id)!);
    expect([tone('consume:topic:orders>service:b'), tone('produce:service:b>topic:payments.DLQ'), tone('consume:topic:payments>group:c'), tone('causal:service:a>service:b')]).toEqual(['alarm', 'alarm', 'ok', 'causal']);
  });
  it('links an edge to its traces', () => {
    expect(tracesHref({ topic: 'payments.DLQ', service: 'payment-service' })).toBe('/traces?topic=payments.DLQ&service=payment-service');
  });
});
