// The flows board's cut of the flow map: pure, so the rules of what a wall shows are tested
// by themselves (wall-flows.test.ts) and the server only calls it.
import { shapeKeyOf } from './flow-graph';
import type { FlowGraph, FlowNode } from './flow-types';
import type { LagStatus } from './lag-types';
import type { WallFlows } from './wall-types';

/** Statuses a wall must never hide, even on an idle node: the team has to see them from the door. */
const ALARM: ReadonlySet<LagStatus> = new Set(['STOP', 'STALL', 'ERR']);

const alarmed = (n: FlowNode) => n.status !== null && ALARM.has(n.status);

/**
 * A wall shows what moves: internal topics and groups go, idle nodes go (unless stopped,
 * stalled or failing), the causal layer goes, and so do nodes left with no edge but busy
 * topics. Event type names are dropped: a display gets names of topics, services and groups,
 * figures and statuses, nothing about what the events say.
 */
export function compactFlowGraph(graph: Pick<FlowGraph, 'from' | 'to' | 'nodes' | 'edges'>): WallFlows {
  const visible = graph.nodes.filter((n) => n.role !== 'internal');
  const kept = new Set(visible.filter((n) => !n.idle || alarmed(n)).map((n) => n.id));
  // A stopped reader of a quiet topic keeps its topic: the red edge needs both ends.
  const alarm = new Set(visible.filter(alarmed).map((n) => n.id));
  const visibleIds = new Set(visible.map((n) => n.id));
  for (const e of graph.edges) if (e.kind === 'consume' && alarm.has(e.target) && visibleIds.has(e.source)) kept.add(e.source);
  const edges = graph.edges
    .filter((e) => e.kind !== 'causal' && kept.has(e.source) && kept.has(e.target))
    .map((e) => ({ ...e, types: [] }));
  const touching = new Set(edges.flatMap((e) => [e.source, e.target]));
  // A service, group or unknown producer is only drawn with an edge; a busy topic also stands alone.
  const nodes = graph.nodes.filter((n) => kept.has(n.id) && (n.kind === 'topic' || touching.has(n.id)));
  return { from: graph.from, to: graph.to, nodes, edges, shapeKey: shapeKeyOf(nodes, edges) };
}
