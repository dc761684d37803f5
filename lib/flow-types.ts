// The flow map's contract: what GET /api/flows and the `flows:<window>` rooms send. The
// server builds it with lib/flow-graph.ts; components/flows lays it out and draws it.
import type { LagStatus } from './lag-types';
import type { TopicRole } from './topic-roles';

export const FLOW_WINDOWS = ['5m', '1h', '24h'] as const;
export type FlowWindow = (typeof FLOW_WINDOWS)[number];
export const FLOW_WINDOW_MS: Record<FlowWindow, number> = { '5m': 5 * 60_000, '1h': 3_600_000, '24h': 24 * 3_600_000 };

/**
 * service: a producing service, or a consumer group named like one; group: a consumer group
 * with no service of its name; unknown: the unknown producer(s) of one topic.
 */
export type FlowNodeKind = 'service' | 'topic' | 'group' | 'unknown';

export interface FlowNode {
  /** `service:<name>`, `topic:<name>`, `group:<id>`, `unknown:<topic>`. */
  id: string;
  kind: FlowNodeKind;
  label: string;
  /** Topics: what it is for, by its name. Other nodes: 'plain', or 'internal' for Eventline's own groups. */
  role: TopicRole;
  /** Topics: write rate from the log-end offsets (msg/s); null when not known yet. */
  messagesPerSecond: number | null;
  /** Consumer groups this node stands for (a service consumes through the group of its name). */
  groupIds: string[];
  /** The worst status of those groups; null when the node reads nothing. */
  status: LagStatus | null;
  /** No traffic in the window (topics: no events and no writes; others: no edge with traffic). */
  idle: boolean;
  /** Services: events produced in the window with no known cause, i.e. journeys it started. */
  starts: number;
}

/** produce: service → topic; consume: topic → group (or service); causal: service → service. */
export type FlowEdgeKind = 'produce' | 'consume' | 'causal';

export interface FlowEdge {
  /** `<kind>:<source id>><target id>`. */
  id: string;
  kind: FlowEdgeKind;
  source: string;
  target: string;
  /** Events per second over the window (produce, causal), or the consume rate (consume; null until two lag cycles). */
  rate: number | null;
  /** Events in the window (produce, causal). */
  events: number;
  /** Events with a problem or into a dead-letter topic. */
  errors: number;
  /** For click-through to the traces: the topic and the service of the edge. */
  topic: string | null;
  service: string | null;
  /** Consume edges: the group and its lag on the topic. */
  groupId: string | null;
  lag: number | null;
  lagSeconds: number | null;
  status: LagStatus | null;
  /** Event types seen on a produce edge in the window. */
  types: string[];
  /** A produce edge into a dead-letter topic that carried events in the window: drawn red. */
  alert: boolean;
}

export interface FlowGraph {
  window: FlowWindow;
  /** ms since epoch: the rates are over [from, to]. */
  from: number;
  to: number;
  nodes: FlowNode[];
  edges: FlowEdge[];
  /**
   * Changes only when a node or a produce/consume edge comes or goes: the page lays the map
   * out again only then (rates, lag and status changes never move a node).
   */
  shapeKey: string;
  /** ms the server took to build it. */
  buildMs: number;
}

/** Pushed to room `flows:<window>` at most every 2 s while someone is in it. */
export interface FlowUpdateEvent {
  graph: FlowGraph;
}
