// What was seen, as an AsyncAPI 3.0 document: one channel per topic (its address is the
// topic), one message per event type seen on it, and per service a `send` operation for each
// topic it produced to and a `receive` operation for each topic its consumer group reads.
// It describes observed traffic, not a contract: payload schemas are left out (we do not
// infer them here), and a topic's messages are only the types that carried a type.
import type { FlowGraph } from '../../lib/flow-types';

export interface AsyncApiDocument {
  asyncapi: '3.0.0';
  info: { title: string; version: string; description: string };
  channels: Record<string, { address: string; title: string; messages: Record<string, { name: string; title: string }> }>;
  operations: Record<string, { action: 'send' | 'receive'; channel: { $ref: string }; title: string; messages: { $ref: string }[]; tags: { name: string }[] }>;
}

/** AsyncAPI keys allow letters, digits, `_` and `-` only; distinct names stay distinct. */
function keyer() {
  const used = new Map<string, string>();
  const taken = new Set<string>();
  return (name: string) => {
    const known = used.get(name);
    if (known) return known;
    const base = name.replace(/[^A-Za-z0-9_-]/g, '_') || '_';
    let key = base;
    for (let i = 2; taken.has(key); i++) key = `${base}_${i}`;
    used.set(name, key);
    taken.add(key);
    return key;
  };
}

export function buildAsyncApi(graph: Pick<FlowGraph, 'nodes' | 'edges' | 'from' | 'to'>, opts: { cluster: string; version: string }): AsyncApiDocument {
  const channelKey = keyer();
  const opKey = keyer();
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const typesOf = new Map<string, Set<string>>();
  for (const e of graph.edges) {
    if (e.kind !== 'produce' || !e.topic) continue;
    const s = typesOf.get(e.topic) ?? typesOf.set(e.topic, new Set()).get(e.topic)!;
    for (const t of e.types) s.add(t);
  }
  const doc: AsyncApiDocument = {
    asyncapi: '3.0.0',
    info: {
      title: `Event flows of cluster ${opts.cluster}`,
      version: opts.version,
      description: `Observed by Eventline between ${new Date(graph.from).toISOString()} and ${new Date(graph.to).toISOString()}: the topics, the services that sent to them and the consumer groups that read them, with the event types seen.`,
    },
    channels: {},
    operations: {},
  };
  const messageKeys = new Map<string, Map<string, string>>();
  const channel = (topic: string) => {
    const key = channelKey(topic);
    if (!doc.channels[key]) {
      const msgKey = keyer();
      const keys = new Map<string, string>();
      const messages: AsyncApiDocument['channels'][string]['messages'] = {};
      for (const t of [...(typesOf.get(topic) ?? [])].sort()) {
        keys.set(t, msgKey(t));
        messages[keys.get(t)!] = { name: t, title: t };
      }
      messageKeys.set(topic, keys);
      doc.channels[key] = { address: topic, title: topic, messages };
    }
    return key;
  };
  const operation = (action: 'send' | 'receive', who: string, topic: string, types: Iterable<string>) => {
    const ch = channel(topic);
    const keys = messageKeys.get(topic)!;
    doc.operations[opKey(`${who}.${action}.${topic}`)] = {
      action,
      channel: { $ref: `#/channels/${ch}` },
      title: `${who} ${action === 'send' ? 'sends to' : 'receives from'} ${topic}`,
      messages: [...types].filter((t) => keys.has(t)).sort().map((t) => ({ $ref: `#/channels/${ch}/messages/${keys.get(t)}` })),
      tags: [{ name: who }],
    };
  };
  // Every topic that carried traffic is a channel, also one whose producers are unknown.
  for (const n of graph.nodes) if (n.kind === 'topic' && n.role !== 'internal' && !n.idle) channel(n.label);
  for (const e of graph.edges) {
    if (!e.topic || nodes.get(e.kind === 'produce' ? e.target : e.source)?.role === 'internal') continue;
    if (e.kind === 'produce' && e.service) operation('send', e.service, e.topic, e.types);
    if (e.kind === 'consume' && e.groupId && nodes.get(e.target)?.role !== 'internal') operation('receive', e.service ?? e.groupId, e.topic, typesOf.get(e.topic) ?? []);
  }
  return doc;
}
