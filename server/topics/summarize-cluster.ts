import type { ClusterOverview, TopicSummary, TopicsDiff } from '../../lib/cluster-types';
import type { RawClusterState, RawTopic } from '../kafka';

/** How far back the messages/s rate looks: long enough to smooth bursts, short enough to follow change. */
export const RATE_WINDOW_MS = 10_000;

/** Per topic, recent (time, sum of high watermarks) points, oldest first. */
export type RateHistory = Map<string, { at: number; high: number }[]>;

export function buildOverview(raw: RawClusterState, clusterName: string): ClusterOverview {
  let partitionCount = 0;
  let under = 0;
  let offline = 0;
  for (const t of raw.topics) {
    for (const p of t.partitions) {
      partitionCount += 1;
      if (p.leader < 0) offline += 1;
      else if (p.isr.length < p.replicas.length) under += 1;
    }
  }
  return {
    clusterName,
    clusterId: raw.clusterId,
    controllerId: raw.controllerId,
    brokers: raw.brokers
      .map((b) => ({ ...b, isController: b.nodeId === raw.controllerId }))
      .sort((a, b) => a.nodeId - b.nodeId),
    topicCount: raw.topics.filter((t) => !t.internal).length,
    internalTopicCount: raw.topics.filter((t) => t.internal).length,
    partitionCount,
    underReplicatedPartitions: under,
    offlinePartitions: offline,
    observedAt: raw.observedAt,
  };
}

/**
 * Turns raw metadata into rows for the topics page and advances the rate history in
 * place. A topic whose high watermarks went down was deleted and recreated between
 * polls: its history restarts rather than showing a negative rate.
 */
export function summarizeTopics(raw: RawClusterState, history: RateHistory): TopicSummary[] {
  const seen = new Set<string>();
  const rows = raw.topics.map((t) => {
    seen.add(t.name);
    const points = history.get(t.name) ?? [];
    // A partition whose leader did not answer this time has no watermark: leave the rate
    // history alone rather than record a sum that looks like a drop.
    if (t.partitions.every((p) => p.leader < 0 || p.high !== null)) {
      const high = sumHigh(t);
      const last = points[points.length - 1];
      if (last && high < last.high) points.length = 0;
      points.push({ at: raw.observedAt, high });
      while (points.length > 2 && raw.observedAt - points[1]!.at >= RATE_WINDOW_MS) points.shift();
    }
    history.set(t.name, points);
    return summarizeTopic(t, points);
  });
  for (const name of [...history.keys()]) if (!seen.has(name)) history.delete(name);
  return rows.sort((a, b) => a.name.localeCompare(b.name));
}

function summarizeTopic(t: RawTopic, points: { at: number; high: number }[]): TopicSummary {
  let messages = 0;
  let under = 0;
  let offline = 0;
  for (const p of t.partitions) {
    if (p.high !== null && p.low !== null) messages += Math.max(0, p.high - p.low);
    if (p.leader < 0) offline += 1;
    else if (p.isr.length < p.replicas.length) under += 1;
  }
  const first = points[0];
  const last = points[points.length - 1];
  const seconds = first && last ? (last.at - first.at) / 1000 : 0;
  return {
    name: t.name,
    internal: t.internal,
    partitions: t.partitions.length,
    replicationFactor: Math.max(0, ...t.partitions.map((p) => p.replicas.length)),
    messages,
    messagesPerSecond: first && last && points.length >= 2 && seconds > 0 ? (last.high - first.high) / seconds : null,
    underReplicatedPartitions: under,
    offlinePartitions: offline,
  };
}

function sumHigh(t: RawTopic): number {
  return t.partitions.reduce((s, p) => s + (p.high ?? 0), 0);
}

export function diffTopics(before: TopicSummary[], after: TopicSummary[], observedAt: number): TopicsDiff {
  const old = new Map(before.map((t) => [t.name, t]));
  const upserted: TopicSummary[] = [];
  for (const t of after) {
    const prev = old.get(t.name);
    old.delete(t.name);
    if (!prev || !sameTopic(prev, t)) upserted.push(t);
  }
  return { upserted, removed: [...old.keys()], observedAt };
}

function sameTopic(a: TopicSummary, b: TopicSummary): boolean {
  return (
    a.messages === b.messages &&
    a.messagesPerSecond === b.messagesPerSecond &&
    a.partitions === b.partitions &&
    a.replicationFactor === b.replicationFactor &&
    a.underReplicatedPartitions === b.underReplicatedPartitions &&
    a.offlinePartitions === b.offlinePartitions &&
    a.internal === b.internal
  );
}
