// Layout of the flow map: layered, left to right, by @dagrejs/dagre.
//
// Why dagre and not elkjs: on the bench graph (300 services, 1,000 topics, 3,000 edges, `npm
// run bench -- flows`) dagre with longest-path ranking and without its optimal-order search
// laid the map out 3–5× faster than elkjs's quickest layered settings (LONGEST_PATH layering,
// SIMPLE placement, INTERACTIVE crossing minimisation), and elkjs's default settings were
// slower still (about 34 s against dagre's 150 s default, on a loaded 2-core machine; see the
// report in bench/scenarios/flows.ts). dagre is also synchronous and 20× smaller than elkjs's
// GWT bundle, which the page would otherwise load before its first paint.
//
// Stability: the map must not jump. With no earlier positions the whole graph is laid out
// (sorted by id first, so one shape always gives the same positions). With earlier positions
// the known nodes keep them exactly, and new nodes are placed one by one: in the column after
// their producers (or before their consumers), at their neighbours' height, moved to the
// nearest free slot. Only when most of the map is new is it laid out from scratch.
import dagre from '@dagrejs/dagre';

export interface LayoutNode {
  id: string;
  width: number;
  height: number;
}

export interface LayoutEdge {
  source: string;
  target: string;
}

/** Top-left corner of each node. */
export type Positions = Map<string, { x: number; y: number }>;

export const RANK_SEP = 90;
export const NODE_SEP = 14;
/** Above this many nodes dagre runs its cheaper settings (see above). */
export const LARGE_GRAPH_NODES = 400;

export interface LayoutOptions {
  /** Positions from the previous layout: known nodes keep them. */
  previous?: Positions;
  /** Lay out from scratch when fewer than this share of the nodes is known (default 0.5). */
  relayoutBelow?: number;
}

export function layoutFlow(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[], opts: LayoutOptions = {}): Positions {
  const prev = opts.previous;
  const known = prev ? nodes.filter((n) => prev.has(n.id)).length : 0;
  if (!prev || nodes.length === 0 || known < nodes.length * (opts.relayoutBelow ?? 0.5)) return fullLayout(nodes, edges);
  return incrementalLayout(nodes, edges, prev);
}

function fullLayout(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): Positions {
  const large = nodes.length > LARGE_GRAPH_NODES;
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: NODE_SEP, ranksep: RANK_SEP, marginx: 20, marginy: 20, ...(large ? { ranker: 'longest-path' } : {}) });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = new Set<string>();
  for (const n of [...nodes].sort(byId)) {
    g.setNode(n.id, { width: n.width, height: n.height });
    ids.add(n.id);
  }
  const sorted = [...edges].sort((a, b) => cmp(a.source, b.source) || cmp(a.target, b.target));
  for (const e of sorted) if (ids.has(e.source) && ids.has(e.target) && e.source !== e.target) g.setEdge(e.source, e.target);
  dagre.layout(g, large ? ({ disableOptimalOrderHeuristic: true } as never) : undefined);
  const out: Positions = new Map();
  for (const n of nodes) {
    const p = g.node(n.id) as { x: number; y: number };
    out.set(n.id, { x: Math.round(p.x - n.width / 2), y: Math.round(p.y - n.height / 2) });
  }
  return out;
}

function incrementalLayout(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[], prev: Positions): Positions {
  const out: Positions = new Map();
  const size = new Map(nodes.map((n) => [n.id, n]));
  for (const n of nodes) {
    const p = prev.get(n.id);
    if (p) out.set(n.id, { ...p });
  }
  const preds = new Map<string, string[]>();
  const succs = new Map<string, string[]>();
  for (const e of edges) {
    if (!size.has(e.source) || !size.has(e.target)) continue;
    (succs.get(e.source) ?? succs.set(e.source, []).get(e.source)!).push(e.target);
    (preds.get(e.target) ?? preds.set(e.target, []).get(e.target)!).push(e.source);
  }
  const step = Math.max(...nodes.map((n) => n.width)) + RANK_SEP;
  let pending = nodes.filter((n) => !out.has(n.id)).sort(byId);
  // Nodes next to placed ones first, so that a new chain grows from where it attaches.
  while (pending.length) {
    const ready = pending.filter((n) => [...(preds.get(n.id) ?? []), ...(succs.get(n.id) ?? [])].some((m) => out.has(m)));
    const batch = ready.length ? ready : [pending[0]!];
    for (const n of batch) out.set(n.id, place(n, out, preds.get(n.id) ?? [], succs.get(n.id) ?? [], step, size));
    const placed = new Set(batch.map((n) => n.id));
    pending = pending.filter((n) => !placed.has(n.id));
  }
  return out;
}

function place(
  n: LayoutNode,
  out: Positions,
  preds: string[],
  succs: string[],
  step: number,
  size: Map<string, LayoutNode>,
): { x: number; y: number } {
  const placedPreds = preds.map((m) => out.get(m)).filter((p) => p !== undefined);
  const placedSuccs = succs.map((m) => out.get(m)).filter((p) => p !== undefined);
  const all = [...out.values()];
  let x: number;
  if (placedPreds.length) x = Math.max(...placedPreds.map((p) => p.x)) + step;
  else if (placedSuccs.length) x = Math.min(...placedSuccs.map((p) => p.x)) - step;
  else x = all.length ? Math.min(...all.map((p) => p.x)) : 20;
  const near = [...placedPreds, ...placedSuccs];
  const wantY = near.length ? near.reduce((s, p) => s + p.y, 0) / near.length : all.length ? Math.max(...all.map((p) => p.y)) + n.height + NODE_SEP : 20;
  // The nodes in this column (overlapping x), as [top, bottom) ranges with their gap.
  const column: [number, number][] = [];
  for (const [id, p] of out) {
    const s = size.get(id);
    if (!s || p.x >= x + n.width || p.x + s.width <= x) continue;
    column.push([p.y - NODE_SEP, p.y + s.height + NODE_SEP]);
  }
  const free = (y: number) => column.every(([top, bottom]) => y + n.height <= top || y >= bottom);
  // The free slot nearest the wanted height: try each gap's edges, closest first.
  const candidates = [wantY, ...column.flatMap(([top, bottom]) => [top - n.height, bottom])].sort((a, b) => Math.abs(a - wantY) - Math.abs(b - wantY));
  const y = candidates.find(free) ?? Math.max(...column.map(([, b]) => b), 0);
  return { x: Math.round(x), y: Math.round(y) };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byId = (a: { id: string }, b: { id: string }) => cmp(a.id, b.id);
