import type { ClusterSnapshot } from '../../lib/cluster-types';
import { LAG_STATUS_RANK, type GroupDetail, type LagSnapshot } from '../../lib/lag-types';
import type { WallDeadLetters, WallGroups, WallHealth } from '../../lib/wall-types';

export interface CollectorFigures {
  running: boolean;
  eventsPerSecond: number;
  lastError: string | null;
}

/** The health board from the cluster watch's snapshot; no topic names, no message content. */
export function buildWallHealth(snap: ClusterSnapshot, collector: CollectorFigures | null, messagesOutPerSecond: number | null): WallHealth {
  const o = snap.overview;
  const rates = snap.topics.filter((t) => !t.internal).map((t) => t.messagesPerSecond);
  const known = rates.filter((r): r is number => r !== null);
  return {
    observedAt: o?.observedAt ?? null,
    clusterName: o?.clusterName ?? null,
    kafka: snap.connection.status,
    kafkaError: snap.connection.status === 'unreachable' ? snap.connection.error : null,
    brokers: o?.brokers.length ?? 0,
    controllerId: o?.controllerId ?? null,
    topicCount: o?.topicCount ?? 0,
    partitionCount: o?.partitionCount ?? 0,
    underReplicatedPartitions: o?.underReplicatedPartitions ?? 0,
    offlinePartitions: o?.offlinePartitions ?? 0,
    messagesInPerSecond: known.length || rates.length === 0 ? round1(known.reduce((a, b) => a + b, 0)) : null,
    messagesOutPerSecond,
    collector: collector
      ? { state: collector.running ? 'running' : 'failing', eventsPerSecond: round1(collector.eventsPerSecond), lastError: collector.lastError }
      : { state: 'off', eventsPerSecond: 0, lastError: null },
  };
}

/**
 * Every group, worst status first, then most seconds behind, then by name. Eventline's own
 * groups (its collector, its commit trackers) are left out, as the groups page hides them
 * by default: the wall is about the team's services.
 */
export function buildWallGroups(lag: LagSnapshot): WallGroups {
  const groups = lag.groups.filter((g) => !g.eventline).map((g) => ({
    groupId: g.groupId,
    status: g.status,
    state: g.state,
    members: g.members.length,
    lag: g.totalLag,
    lagSeconds: g.maxLagSeconds,
    reason: g.reason,
    statusSince: g.statusSince,
  }));
  groups.sort(
    (a, b) =>
      LAG_STATUS_RANK[b.status] - LAG_STATUS_RANK[a.status] || (b.lagSeconds ?? -1) - (a.lagSeconds ?? -1) || a.groupId.localeCompare(b.groupId),
  );
  return { observedAt: lag.observedAt, error: lag.error, groups };
}

/**
 * Records consumed per second: how far every group's committed offsets moved since the
 * last cycle. Only partitions seen in both cycles count, and a rewind counts as zero, so
 * a group appearing, leaving or resetting does not show as a burst.
 */
export function createConsumeRate() {
  let prev: { at: number; offsets: Map<string, number> } | null = null;
  return (groups: GroupDetail[], at: number): number | null => {
    const offsets = new Map<string, number>();
    for (const g of groups) for (const p of g.partitions) if (p.committed !== null) offsets.set(`${g.groupId}\u0000${p.topic}\u0000${p.partition}`, p.committed);
    const last = prev;
    prev = { at, offsets };
    if (!last || at <= last.at) return null;
    let moved = 0;
    for (const [k, v] of offsets) {
      const before = last.offsets.get(k);
      if (before !== undefined && v > before) moved += v - before;
    }
    return round1((moved * 1000) / (at - last.at));
  };
}

/** Sparkline points kept per dead-letter topic, one per SPARK_STEP_MS: 30 minutes. */
export const SPARK_POINTS = 60;
export const SPARK_STEP_MS = 30_000;

/**
 * Per dead-letter topic: the rate going in now and a sparkline of recent rates, from the
 * cluster watch's per-topic rates. A point is added at most every SPARK_STEP_MS (the
 * highest rate seen in that step, so a short burst is not averaged away).
 */
export function createDeadLetterSeries(isDeadLetter: (topic: string) => boolean) {
  const series = new Map<string, { at: number; perMinute: number }[]>();
  return (snap: ClusterSnapshot): WallDeadLetters => {
    const at = snap.overview?.observedAt ?? Date.now();
    const topics = snap.topics.filter((t) => !t.internal && isDeadLetter(t.name));
    for (const name of series.keys()) if (!topics.some((t) => t.name === name)) series.delete(name);
    return {
      observedAt: snap.overview?.observedAt ?? null,
      topics: topics
        .map((t) => {
          const perMinute = t.messagesPerSecond === null ? null : round1(t.messagesPerSecond * 60);
          const points = series.get(t.name) ?? [];
          if (perMinute !== null) {
            const last = points.at(-1);
            if (last && at - last.at < SPARK_STEP_MS) last.perMinute = Math.max(last.perMinute, perMinute);
            else points.push({ at, perMinute });
            if (points.length > SPARK_POINTS) points.splice(0, points.length - SPARK_POINTS);
          }
          series.set(t.name, points);
          return { topic: t.name, perMinute, messages: t.messages, spark: points.map((p) => ({ ...p })) };
        })
        .sort((a, b) => (b.perMinute ?? 0) - (a.perMinute ?? 0) || a.topic.localeCompare(b.topic)),
    };
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;
