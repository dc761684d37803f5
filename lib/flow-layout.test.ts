import { describe, expect, it } from 'vitest';
import { layoutFlow, type LayoutEdge, type LayoutNode } from './flow-layout';

const n = (id: string): LayoutNode => ({ id, width: 180, height: 40 });
const e = (source: string, target: string): LayoutEdge => ({ source, target });

/** Two pipelines sharing a topic, like a small shop. */
const nodes = ['svc:a', 'topic:1', 'svc:b', 'topic:2', 'svc:c', 'svc:d', 'topic:3', 'svc:e'].map(n);
const edges = [e('svc:a', 'topic:1'), e('topic:1', 'svc:b'), e('svc:b', 'topic:2'), e('topic:2', 'svc:c'), e('svc:d', 'topic:3'), e('topic:3', 'svc:e'), e('topic:1', 'svc:e')];

const overlaps = (pos: Map<string, { x: number; y: number }>, size: LayoutNode[]) => {
  const boxes = size.map((s) => ({ ...pos.get(s.id)!, w: s.width, h: s.height, id: s.id }));
  return boxes.flatMap((a, i) => boxes.slice(i + 1).filter((b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h).map((b) => `${a.id}/${b.id}`));
};

describe('layoutFlow', () => {
  it('lays out left to right, producers before their topics before their consumers', () => {
    const pos = layoutFlow(nodes, edges);
    expect(pos.get('svc:a')!.x).toBeLessThan(pos.get('topic:1')!.x);
    expect(pos.get('topic:1')!.x).toBeLessThan(pos.get('svc:b')!.x);
    expect(pos.get('topic:2')!.x).toBeLessThan(pos.get('svc:c')!.x);
    expect(overlaps(pos, nodes)).toEqual([]);
  });

  it('gives the same positions for the same shape, whatever the input order', () => {
    const a = layoutFlow(nodes, edges);
    const b = layoutFlow([...nodes].reverse(), [...edges].reverse());
    expect([...b].sort()).toEqual([...a].sort());
  });

  it('keeps every known node where it was when a node is added, and places the new one without overlap', () => {
    const before = layoutFlow(nodes, edges);
    const more = [...nodes, n('topic:4')];
    const after = layoutFlow(more, [...edges, e('svc:c', 'topic:4')], { previous: before });
    for (const [id, p] of before) {
      expect(Math.abs(after.get(id)!.x - p.x), id).toBeLessThanOrEqual(2);
      expect(Math.abs(after.get(id)!.y - p.y), id).toBeLessThanOrEqual(2);
    }
    expect(after.get('topic:4')!.x).toBeGreaterThan(after.get('svc:c')!.x);
    expect(overlaps(after, more)).toEqual([]);
  });

  it('keeps positions when only a node goes away, and lays out afresh when most of the map is new', () => {
    const before = layoutFlow(nodes, edges);
    const fewer = nodes.filter((x) => x.id !== 'svc:e');
    const after = layoutFlow(fewer, edges, { previous: before });
    for (const x of fewer) expect(after.get(x.id)).toEqual(before.get(x.id));
    const fresh = layoutFlow([n('p'), n('q'), n('r')], [e('p', 'q'), e('q', 'r')], { previous: new Map([['p', { x: 999, y: 999 }]]) });
    expect(fresh.get('p')).not.toEqual({ x: 999, y: 999 });
  });

  it('cuts a loop at the node that starts journeys, whatever the names', () => {
    // order-service → orders → payment-service → payments → back to order-service.
    const loop = ['svc:a-payment', 'topic:orders', 'svc:z-order', 'topic:payments'].map(n);
    const weighted = loop.map((x) => ({ ...x, weight: x.id === 'svc:z-order' ? 100 : 0 }));
    const pos = layoutFlow(weighted, [e('svc:z-order', 'topic:orders'), e('topic:orders', 'svc:a-payment'), e('svc:a-payment', 'topic:payments'), e('topic:payments', 'svc:z-order')]);
    const xs = ['svc:z-order', 'topic:orders', 'svc:a-payment', 'topic:payments'].map((id) => pos.get(id)!.x);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
  });
});
