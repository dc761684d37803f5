// What the flow map shows of the graph, given the page's controls: pure, so the page only
// draws. Hiding and focusing never change the server's graph, only which part is laid out.
import { neighbourhood } from '../../lib/flow-graph';
import type { FlowEdge, FlowGraph, FlowNode } from '@/lib/flow-types';
import type { LagStatus } from '@/lib/lag-types';

export interface ViewControls {
  hideIdle: boolean;
  hideInternal: boolean;
  causal: boolean;
  /** Node id of the focal node, and how many hops around it to show (Jaeger's focal view). */
  focus: string | null;
  depth: 1 | 2 | 3;
}

export const DEFAULT_CONTROLS: ViewControls = { hideIdle: false, hideInternal: true, causal: false, focus: null, depth: 2 };

export interface FlowView {
  nodes: FlowNode[];
  /** Produce and consume edges, laid out and drawn. */
  edges: FlowEdge[];
  /** Causal edges, drawn over the map when the layer is on, never laid out. */
  causal: FlowEdge[];
  /** Changes only when the visible nodes or laid-out edges change. */
  shape: string;
}

export function visibleGraph(graph: Pick<FlowGraph, 'nodes' | 'edges'>, c: ViewControls): FlowView {
  let nodes = graph.nodes.filter((n) => !(c.hideInternal && n.role === 'internal') && !(c.hideIdle && n.idle));
  let ids = new Set(nodes.map((n) => n.id));
  // A producer or consumer only of hidden topics goes with them (e.g. the unknown producer of an internal topic).
  const touching = new Set<string>();
  for (const e of graph.edges) {
    if (e.kind === 'causal' || !ids.has(e.source) || !ids.has(e.target)) continue;
    touching.add(e.source);
    touching.add(e.target);
  }
  nodes = nodes.filter((n) => n.kind === 'topic' || touching.has(n.id));
  ids = new Set(nodes.map((n) => n.id));
  let edges = graph.edges.filter((e) => e.kind !== 'causal' && ids.has(e.source) && ids.has(e.target));
  if (c.focus && ids.has(c.focus)) {
    const near = neighbourhood(edges, c.focus, c.depth);
    nodes = nodes.filter((n) => near.has(n.id));
    edges = edges.filter((e) => near.has(e.source) && near.has(e.target));
    ids = near;
  }
  const causal = c.causal ? graph.edges.filter((e) => e.kind === 'causal' && ids.has(e.source) && ids.has(e.target)) : [];
  return { nodes, edges, causal, shape: `${nodes.map((n) => n.id).join('|')}#${edges.map((e) => e.id).join('|')}` };
}

/** Drawn red: the dead-letter edges with traffic and the groups that stopped, stalled or failed. */
export const ALARM_STATUSES: ReadonlySet<LagStatus> = new Set(['STOP', 'STALL', 'ERR']);

export type EdgeTone = 'plain' | 'ok' | 'warn' | 'alarm' | 'causal' | 'idle';

export function edgeTone(e: FlowEdge): EdgeTone {
  if (e.kind === 'causal') return 'causal';
  if (e.alert) return 'alarm';
  if (e.kind === 'consume') {
    if (e.status && ALARM_STATUSES.has(e.status)) return 'alarm';
    if (e.status === 'WARN' || e.status === 'REWIND') return 'warn';
    return (e.rate ?? 0) > 0 || (e.lag ?? 0) > 0 ? 'ok' : 'idle';
  }
  return (e.rate ?? 0) > 0 ? 'plain' : 'idle';
}

/** Stroke width from the rate: 1.5 px idle up to 6 px, on a log scale so one busy topic does not flatten the rest. */
export function edgeWidth(rate: number | null): number {
  if (!rate || rate <= 0) return 1.5;
  return Math.min(6, 1.5 + Math.log10(1 + rate) * 1.5);
}

/** Where an edge leads: the traces through its topic and service. */
export function tracesHref(e: Pick<FlowEdge, 'topic' | 'service'>): string {
  const q = new URLSearchParams();
  if (e.topic) q.set('topic', e.topic);
  if (e.service) q.set('service', e.service);
  return `/traces${q.size ? `?${q}` : ''}`;
}

export function groupHref(groupId: string): string {
  return `/groups/${encodeURIComponent(groupId)}`;
}

export function messagesHref(topic: string): string {
  return `/topics/${encodeURIComponent(topic)}/messages`;
}
