// A synthetic flow map for the benchmark: 300 services, 1,000 topics and 3,000 edges
// (1,000 produce edges, one producer per topic, and 2,000 consume edges, two consuming
// services per topic), drawn from a seeded generator so that every run lays out the same graph.
import type { FlowGroupInput, FlowRollup, FlowTopicInput } from '../../lib/flow-graph';

export interface SyntheticFlows {
  rollups: FlowRollup[];
  topics: FlowTopicInput[];
  groups: FlowGroupInput[];
}

function seeded(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

export function syntheticFlows(opts: { services?: number; topics?: number; consumersPerTopic?: number; tiers?: number; seed?: number } = {}): SyntheticFlows {
  const nServices = opts.services ?? 300;
  const nTopics = opts.topics ?? 1000;
  const perTopic = opts.consumersPerTopic ?? 2;
  const rand = seeded(opts.seed ?? 42);
  const service = (i: number) => `svc-${String(i).padStart(3, '0')}`;
  const rollups: FlowRollup[] = [];
  const topics: FlowTopicInput[] = [];
  const reads = new Map<string, string[]>();
  // Services sit in tiers (ingest → … → sinks), as in a real pipeline: a topic written by tier k
  // is read by services of tier k+1, sometimes k+2. A random tangle of 300 services would be
  // dozens of layers deep, which no event system we know of is.
  const tiers = opts.tiers ?? 6;
  const perTier = Math.ceil(nServices / tiers);
  for (let t = 0; t < nTopics; t++) {
    const topic = `topic-${String(t).padStart(4, '0')}`;
    const tier = Math.floor(rand() * (tiers - 1));
    const producer = tier * perTier + Math.floor(rand() * perTier);
    topics.push({ name: topic, internal: false, messagesPerSecond: 1 + Math.floor(rand() * 50) });
    rollups.push({ source: service(producer), topic, causedBy: '', eventType: `Type${t % 17}`, events: 1000 + Math.floor(rand() * 100_000), errors: 0 });
    const chosen = new Set<number>();
    while (chosen.size < perTopic) {
      const hop = tier + 2 < tiers && rand() < 0.2 ? 2 : 1;
      const c = (tier + hop) * perTier + Math.floor(rand() * perTier);
      if (c < nServices) chosen.add(c);
    }
    for (const c of chosen) (reads.get(service(c)) ?? reads.set(service(c), []).get(service(c))!).push(topic);
  }
  const groups: FlowGroupInput[] = [...reads].map(([groupId, ts]) => ({
    groupId,
    status: 'OK',
    topics: ts.map((topic) => ({ topic, lag: Math.floor(rand() * 100), lagSeconds: rand() * 5, consumeRate: rand() * 50, status: 'OK' })),
  }));
  return { rollups, topics, groups };
}
