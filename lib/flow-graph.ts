// The flow map's graph, built from what was observed: the collector's rollups (producer →
// topic, and causing service → service), the cluster's topics (write rates from log-end
// offsets) and the lag monitor's latest cycle (topic → consumer group, lag, status). Pure,
// so the server builds it and the tests feed it by hand.
import { worstStatus, type LagStatus } from './lag-types';
import type { FlowEdge, FlowGraph, FlowNode, FlowWindow } from './flow-types';
import { topicRole } from './topic-roles';

/**
 * `causedBy` of events that name a cause the collector had not stored when it wrote them
 * (collected out of order, or the cause is on a topic not collected). They are not journey
 * starts: counting them as such made the map begin its loop at whichever service happened
 * to be collected first after a start, and a stable layout then kept that.
 */
export const UNKNOWN_CAUSE = '?';

/** One row of the rollups summed over the window. */
export interface FlowRollup {
  /** '' when the events named no producer. */
  source: string;
  topic: string;
  /** Service of the causing events; '' when they named none, UNKNOWN_CAUSE when it was not known. */
  causedBy: string;
  eventType: string;
  events: number;
  errors: number;
}

export interface FlowTopicInput {
  name: string;
  internal: boolean;
  messagesPerSecond: number | null;
}

export interface FlowGroupInput {
  groupId: string;
  status: LagStatus;
  /** Eventline's own group (the collector's, a commit tracker's): drawn as internal. */
  own?: boolean;
  topics: { topic: string; lag: number | null; lagSeconds: number | null; consumeRate: number | null; status: LagStatus }[];
}

export interface FlowGraphInput {
  window: FlowWindow;
  from: number;
  to: number;
  rollups: FlowRollup[];
  topics: FlowTopicInput[];
  groups: FlowGroupInput[];
}

export const nodeId = {
  service: (name: string) => `service:${name}`,
  topic: (name: string) => `topic:${name}`,
  group: (id: string) => `group:${id}`,
  unknown: (topic: string) => `unknown:${topic}`,
};

const edgeId = (kind: FlowEdge['kind'], source: string, target: string) => `${kind}:${source}>${target}`;

/**
 * The service a consumer group stands for: its own name, or the name after a namespace
 * prefix (`staging.payment-service` → `payment-service`), when a service of that name produced.
 * A producer here may be a consumer group or a Kafka Connect connector that wrote retry or
 * dead-letter copies (write-rollups.ts stores a copy under its writer's name): a Spring
 * group is then its own producer, and a sink connector's group (`connect-<name>`, Kafka
 * Connect's default) is the connector's, so what it consumes and the dead letters it
 * writes meet on one node.
 */
export function serviceOfGroup(groupId: string, services: ReadonlySet<string>): string | null {
  if (services.has(groupId)) return groupId;
  if (groupId.startsWith('connect-') && services.has(groupId.slice(8))) return groupId.slice(8);
  const dot = groupId.indexOf('.');
  const rest = dot >= 0 ? groupId.slice(dot + 1) : '';
  return rest && services.has(rest) ? rest : null;
}

export function buildFlowGraph(input: FlowGraphInput): Omit<FlowGraph, 'buildMs'> {
  const seconds = Math.max(1, (input.to - input.from) / 1000);
  const nodes = new Map<string, FlowNode>();
  const edges = new Map<string, FlowEdge>();
  const topicInfo = new Map(input.topics.map((t) => [t.name, t]));

  const node = (id: string, kind: FlowNode['kind'], label: string, role: FlowNode['role'] = 'plain'): FlowNode => {
    let n = nodes.get(id);
    if (!n) nodes.set(id, (n = { id, kind, label, role, messagesPerSecond: null, groupIds: [], status: null, idle: true, starts: 0 }));
    return n;
  };
  const topicNode = (name: string) => {
    const t = topicInfo.get(name);
    const n = node(nodeId.topic(name), 'topic', name, topicRole(name, t?.internal ?? false));
    n.messagesPerSecond = t?.messagesPerSecond ?? null;
    if ((t?.messagesPerSecond ?? 0) > 0) n.idle = false;
    return n;
  };
  const edge = (kind: FlowEdge['kind'], source: string, target: string, extra: Partial<FlowEdge>): FlowEdge => {
    const id = edgeId(kind, source, target);
    let e = edges.get(id);
    if (!e) {
      e = { id, kind, source, target, rate: 0, events: 0, errors: 0, topic: null, service: null, groupId: null, lag: null, lagSeconds: null, status: null, types: [], alert: false, ...extra };
      edges.set(id, e);
    }
    return e;
  };

  for (const t of input.topics) topicNode(t.name);

  // Producers, from the rollups. An event with no source is drawn from its topic's unknown producer.
  const services = new Set<string>();
  for (const r of input.rollups) if (r.source) services.add(r.source);
  for (const r of input.rollups) {
    const topic = topicNode(r.topic);
    const from = r.source ? node(nodeId.service(r.source), 'service', r.source) : node(nodeId.unknown(r.topic), 'unknown', 'unknown producer');
    const e = edge('produce', from.id, topic.id, { topic: r.topic, service: r.source || null });
    e.events += r.events;
    e.errors += r.errors;
    if (r.eventType && !e.types.includes(r.eventType)) e.types.push(r.eventType);
    if (r.source && !r.causedBy) from.starts += r.events;
    if (r.causedBy && r.causedBy !== UNKNOWN_CAUSE && r.source && r.causedBy !== r.source) {
      const cause = node(nodeId.service(r.causedBy), 'service', r.causedBy);
      const c = edge('causal', cause.id, from.id, { service: r.source, topic: r.topic });
      c.events += r.events;
      c.errors += r.errors;
    }
  }

  // A topic with writes but no known producer in the window: its unknown producer, at the log-end rate.
  const produced = new Set<string>();
  for (const e of edges.values()) if (e.kind === 'produce' && e.service) produced.add(e.target);
  for (const t of input.topics) {
    const id = nodeId.topic(t.name);
    if (produced.has(id) || !((t.messagesPerSecond ?? 0) > 0)) continue;
    const u = node(nodeId.unknown(t.name), 'unknown', 'unknown producer');
    edge('produce', u.id, id, { topic: t.name });
  }

  // Consumers, from the lag monitor's latest cycle.
  for (const g of input.groups) {
    const service = serviceOfGroup(g.groupId, services);
    const n = service
      ? node(nodeId.service(service), 'service', service)
      : node(nodeId.group(g.groupId), 'group', g.groupId, g.own ? 'internal' : 'plain');
    n.groupIds.push(g.groupId);
    n.status = n.status ? worstStatus([n.status, g.status]) : g.status;
    for (const t of g.topics) {
      const topic = topicNode(t.topic);
      const e = edge('consume', topic.id, n.id, { topic: t.topic, service, groupId: g.groupId, rate: null });
      e.rate = t.consumeRate;
      e.lag = t.lag;
      e.lagSeconds = t.lagSeconds;
      e.status = t.status;
    }
  }

  for (const e of edges.values()) {
    if (e.kind !== 'consume') {
      const target = nodes.get(e.target)!;
      // An unknown producer of a topic no known service writes to: the log-end rate is all its own.
      const atLogEnd = e.kind === 'produce' && !e.service && !produced.has(e.target) && target.messagesPerSecond !== null;
      e.rate = atLogEnd ? target.messagesPerSecond : e.events / seconds;
      e.types.sort();
      e.alert = e.kind === 'produce' && target.role === 'dlq' && (e.events > 0 || (e.rate ?? 0) > 0);
    }
    const busy = e.events > 0 || (e.rate ?? 0) > 0;
    if (busy) {
      nodes.get(e.source)!.idle = false;
      nodes.get(e.target)!.idle = false;
    }
  }
  // A consumer is busy when its topic is: a stopped group on a busy topic must not be hidden as idle.
  for (const e of edges.values()) {
    if (e.kind === 'consume' && !nodes.get(e.source)!.idle) nodes.get(e.target)!.idle = false;
  }

  const nodeList = [...nodes.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const edgeList = [...edges.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { window: input.window, from: input.from, to: input.to, nodes: nodeList, edges: edgeList, shapeKey: shapeKeyOf(nodeList, edgeList) };
}

/** A short hash of the node ids and the produce/consume edge ids (causal edges are not laid out). */
export function shapeKeyOf(nodes: readonly { id: string }[], edges: readonly { id: string; kind: FlowEdge['kind'] }[]): string {
  let h = 0x811c9dc5;
  const feed = (s: string) => {
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 10, 0x01000193);
  };
  for (const n of nodes) feed(n.id);
  for (const e of edges) if (e.kind !== 'causal') feed(e.id);
  return `${nodes.length}.${edges.length}.${(h >>> 0).toString(36)}`;
}

/** The part of a trace the map needs: each event's topic, producer, id and cause. */
export interface TracePathEvent {
  eventId: string;
  topic: string;
  source: string | null;
  causationId: string | null;
  /** A retry or dead-letter copy's writer: its producer on the map (write-rollups.ts). */
  writer?: { by: string } | null;
}

/**
 * The nodes and edges a trace went through: each event's producer → topic, and the topic of a
 * causing event → the service that produced the effect (the consume edge it must have taken).
 */
export function tracePath(graph: Pick<FlowGraph, 'nodes' | 'edges'>, events: readonly TracePathEvent[]): { nodes: Set<string>; edges: Set<string> } {
  const nodeIds = new Set(graph.nodes.map((n) => n.id));
  const edgeIds = new Set(graph.edges.map((e) => e.id));
  const byId = new Map(events.map((e) => [e.eventId, e]));
  const out = { nodes: new Set<string>(), edges: new Set<string>() };
  const add = (kind: FlowEdge['kind'], from: string, to: string) => {
    const id = edgeId(kind, from, to);
    if (!edgeIds.has(id)) return;
    out.edges.add(id);
    out.nodes.add(from);
    out.nodes.add(to);
  };
  for (const e of events) {
    const topic = nodeId.topic(e.topic);
    if (nodeIds.has(topic)) out.nodes.add(topic);
    if (e.writer) {
      // A copy: drawn from its writer; its causation id is the original's, not what the writer consumed.
      add('produce', nodeId.service(e.writer.by), topic);
      continue;
    }
    add('produce', e.source ? nodeId.service(e.source) : nodeId.unknown(e.topic), topic);
    const cause = e.causationId ? byId.get(e.causationId) : undefined;
    if (cause && e.source) {
      add('consume', nodeId.topic(cause.topic), nodeId.service(e.source));
      if (cause.source) add('causal', nodeId.service(cause.source), nodeId.service(e.source));
    }
  }
  return out;
}

/** Node ids within `depth` hops of `focus`, in either direction (Jaeger's focal node). */
export function neighbourhood(edges: readonly { source: string; target: string }[], focus: string, depth: number): Set<string> {
  const adj = new Map<string, string[]>();
  for (const e of edges) {
    (adj.get(e.source) ?? adj.set(e.source, []).get(e.source)!).push(e.target);
    (adj.get(e.target) ?? adj.set(e.target, []).get(e.target)!).push(e.source);
  }
  const seen = new Set([focus]);
  let frontier = [focus];
  for (let d = 0; d < depth && frontier.length; d++) {
    const next: string[] = [];
    for (const id of frontier) for (const m of adj.get(id) ?? []) if (!seen.has(m)) (seen.add(m), next.push(m));
    frontier = next;
  }
  return seen;
}
