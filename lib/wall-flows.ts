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
 * Below this many messages per second (fewer than 15 in the 5-minute window) a plain topic is
 * quiet for a wall: a handful of test or admin records would otherwise crowd the map and shrink
 * every name below what reads from across the room. Retry and dead-letter topics show with any
 * traffic, and an alarmed reader keeps its topic whatever the rate.
 */
export const WALL_QUIET_RATE = 0.05;

function quietTopics(graph: Pick<FlowGraph, 'nodes' | 'edges'>): Set<string> {
  const produced = new Map<string, number>();
  for (const e of graph.edges) if (e.kind === 'produce') produced.set(e.target, (produced.get(e.target) ?? 0) + (e.rate ?? 0));
  const quiet = new Set<string>();
  for (const n of graph.nodes) {
    if (n.kind !== 'topic' || n.role === 'dlq' || n.role === 'retry') continue;
    if (Math.max(n.messagesPerSecond ?? 0, produced.get(n.id) ?? 0) < WALL_QUIET_RATE) quiet.add(n.id);
  }
  return quiet;
}

/**
 * A wall shows what moves: internal topics and groups go, idle and quiet nodes go (unless stopped,
 * stalled or failing), the causal layer goes, and so do nodes left with no edge but busy
 * topics. Event type names are dropped: a display gets names of topics, services and groups,
 * figures and statuses, nothing about what the events say.
 */
export function compactFlowGraph(graph: Pick<FlowGraph, 'from' | 'to' | 'nodes' | 'edges'>): WallFlows {
  const visible = graph.nodes.filter((n) => n.role !== 'internal');
  const quiet = quietTopics(graph);
  const kept = new Set(visible.filter((n) => (!n.idle && !quiet.has(n.id)) || alarmed(n)).map((n) => n.id));
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
