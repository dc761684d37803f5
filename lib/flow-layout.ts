// Layout of the flow map: layered, left to right, by @dagrejs/dagre.
//
// Why dagre and not elkjs, measured on the bench graph (300 services, 1,000 topics, 3,000
// edges; `npm run bench -- flows`, on a shared 2-core machine, so CPU time is the fair figure):
// * with their default settings neither is usable: dagre's network-simplex ranking took 150 s,
//   elkjs's layered algorithm 34 s (wall, load ~20);
// * elkjs's quickest layered settings (LONGEST_PATH layering, SIMPLE placement, INTERACTIVE
//   crossing minimisation) took 2.2 s of CPU; dagre, with our ranks and without its
//   optimal-order search, 1.2 s — about half, and the same ordering quality to the eye;
// * dagre is synchronous (no worker round trip before the first paint) and about 20× smaller
//   than elkjs's GWT bundle, which the page would load before drawing anything.
// Ranks are ours (layerRanks below): dagre's longest-path ranker lines every sink up on the
// right and its network simplex is what takes minutes; dagre orders and places the nodes.
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
  /** Where a cycle must be cut, heavier nodes come first (e.g. the service that starts journeys). */
  weight?: number;
}

export interface LayoutEdge {
  source: string;
  target: string;
}

/** Top-left corner of each node. */
export type Positions = Map<string, { x: number; y: number }>;

export const RANK_SEP = 64;
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
  const sortedNodes = [...nodes].sort(byId);
  const ids = new Set(sortedNodes.map((n) => n.id));
  const sorted = [...edges].filter((e) => ids.has(e.source) && ids.has(e.target) && e.source !== e.target).sort((a, b) => cmp(a.source, b.source) || cmp(a.target, b.target));
  const rank = layerRanks(sortedNodes, sorted);
  const g = new dagre.graphlib.Graph();
  // Ranks are ours (ranker 'none'), the order within ranks and the coordinates are dagre's.
  g.setGraph({ rankdir: 'LR', nodesep: NODE_SEP, ranksep: RANK_SEP, marginx: 20, marginy: 20, ranker: 'none' });
  g.setDefaultEdgeLabel(() => ({}));
  // Ranks doubled: dagre itself doubles every edge's length (and halves ranksep) to make room
  // for edge labels, and expects every edge to span two ranks when it routes them.
  for (const n of sortedNodes) g.setNode(n.id, { width: n.width, height: n.height, rank: 2 * rank.get(n.id)! });
  // Only edges that go forward in the ranks are laid out; the others (cycles such as a
  // retry topic read back by its producer) are drawn, but do not pull the layout.
  for (const e of sorted) if (rank.get(e.target)! > rank.get(e.source)!) g.setEdge(e.source, e.target);
  dagre.layout(g, nodes.length > LARGE_GRAPH_NODES ? ({ disableOptimalOrderHeuristic: true } as never) : undefined);
  const out: Positions = new Map();
  for (const n of nodes) {
    const p = g.node(n.id) as { x: number; y: number };
    out.set(n.id, { x: Math.round(p.x - n.width / 2), y: Math.round(p.y - n.height / 2) });
  }
  return out;
}

/**
 * Layers, left to right: each node one step after the furthest of its producers (longest path
 * from the sources, cycles broken where a depth-first walk in id order closes them), then each
 * pure source pulled right up to its first consumer. This is what dagre's network simplex
 * computes on a pipeline, at a fraction of its cost on a large map; dagre's longest-path
 * ranker instead lines every sink up on the right, which stretches edges across the map.
 */
export function layerRanks(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): Map<string, number> {
  const out = new Map<string, string[]>();
  for (const n of nodes) out.set(n.id, []);
  for (const e of edges) out.get(e.source)?.push(e.target);
  // Back edges of a DFS (iterative: a deep pipeline must not overflow the stack), started from
  // the sources, then from the heaviest nodes: in a loop (orders → … → inventory → back to
  // order-service) the service that starts journeys is where the map begins.
  const hasIn = new Set(edges.map((e) => e.target));
  const roots = [...nodes].sort((a, b) => Number(hasIn.has(a.id)) - Number(hasIn.has(b.id)) || (b.weight ?? 0) - (a.weight ?? 0) || cmp(a.id, b.id));
  const state = new Map<string, 1 | 2>();
  const back = new Set<string>();
  for (const n of roots) {
    if (state.has(n.id)) continue;
    const stack: [string, number][] = [[n.id, 0]];
    state.set(n.id, 1);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const next = out.get(top[0])![top[1]++];
      if (next === undefined) {
        state.set(top[0], 2);
        stack.pop();
      } else if (state.get(next) === 1) back.add(`${top[0]}>${next}`);
      else if (!state.has(next)) {
        state.set(next, 1);
        stack.push([next, 0]);
      }
    }
  }
  const forward = edges.filter((e) => !back.has(`${e.source}>${e.target}`));
  const indeg = new Map(nodes.map((n) => [n.id, 0]));
  const succ = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const e of forward) {
    indeg.set(e.target, indeg.get(e.target)! + 1);
    succ.get(e.source)!.push(e.target);
  }
  const rank = new Map<string, number>(nodes.map((n) => [n.id, 0]));
  const queue = nodes.filter((n) => indeg.get(n.id) === 0).map((n) => n.id);
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i]!;
    for (const w of succ.get(v)!) {
      rank.set(w, Math.max(rank.get(w)!, rank.get(v)! + 1));
      indeg.set(w, indeg.get(w)! - 1);
      if (indeg.get(w) === 0) queue.push(w);
    }
  }
  for (const n of nodes) {
    const ws = succ.get(n.id)!;
    const isSource = !forward.some((e) => e.target === n.id);
    if (isSource && ws.length) rank.set(n.id, Math.min(...ws.map((w) => rank.get(w)!)) - 1);
  }
  return rank;
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
