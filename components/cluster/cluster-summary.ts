// Figures for the overview page that the server doesn't send ready-made, computed
// from the topics list of the snapshot.
import type { BrokerInfo, TopicSummary } from '@/lib/cluster-types';

export interface TopicsSummary {
  /** Messages retained across non-internal topics. */
  messages: number;
  /** Sum of known rates over non-internal topics; null until any topic has a rate. */
  messagesPerSecond: number | null;
  /** Topics with under-replicated or offline partitions, worst first. */
  unhealthy: TopicSummary[];
  /** Non-internal topics with the highest rate, busiest first. */
  busiest: TopicSummary[];
}

export function summarizeTopics(topics: readonly TopicSummary[], busiestCount = 8): TopicsSummary {
  let messages = 0;
  let rate: number | null = null;
  for (const t of topics) {
    if (t.internal) continue;
    messages += t.messages;
    if (t.messagesPerSecond !== null) rate = (rate ?? 0) + t.messagesPerSecond;
  }
  const unhealthy = topics
    .filter((t) => t.offlinePartitions > 0 || t.underReplicatedPartitions > 0)
    .sort(
      (a, b) =>
        b.offlinePartitions - a.offlinePartitions ||
        b.underReplicatedPartitions - a.underReplicatedPartitions ||
        a.name.localeCompare(b.name),
    );
  const busiest = topics
    .filter((t) => !t.internal && t.messagesPerSecond !== null && t.messagesPerSecond > 0)
    .sort((a, b) => (b.messagesPerSecond ?? 0) - (a.messagesPerSecond ?? 0) || a.name.localeCompare(b.name))
    .slice(0, busiestCount);
  return { messages, messagesPerSecond: rate, unhealthy, busiest };
}

/** Controller first, then by node id: the order people read a broker list in. */
export function sortBrokers(brokers: readonly BrokerInfo[]): BrokerInfo[] {
  return [...brokers].sort((a, b) => Number(b.isController) - Number(a.isController) || a.nodeId - b.nodeId);
}

/** Data older than this on a live screen means pushes have stopped: say so. */
export const STALE_AFTER_MS = 30_000;

export function isStale(observedAt: number, now: number): boolean {
  return now - observedAt > STALE_AFTER_MS;
}
