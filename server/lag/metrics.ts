import { LAG_STATUSES, type GroupDetail, type LagSnapshot } from '../../lib/lag-types';
import type { ClusterSnapshot } from '../../lib/cluster-types';

/**
 * Prometheus text exposition. Lag metric names follow kafka-lag-exporter
 * (kafka_consumergroup_group_*), partition offsets and broker count follow
 * kafka_exporter/KMinion habits; status and Eventline's own figures are eventline_*.
 */
export function renderMetrics(input: {
  clusterId: string | null;
  lag: LagSnapshot;
  groups: GroupDetail[];
  cluster: ClusterSnapshot;
  clusterPollMs: number;
}): string {
  const cluster = input.clusterId ?? 'unknown';
  const out: string[] = [];
  const family = (name: string, type: 'gauge' | 'counter', help: string, rows: [Record<string, string | number>, number | null][]) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, value] of rows) {
      if (value === null || !Number.isFinite(value)) continue;
      out.push(`${name}{${Object.entries({ cluster_name: cluster, ...labels }).map(([k, v]) => `${k}="${esc(String(v))}"`).join(',')}} ${value}`);
    }
  };
  const parts = input.groups.flatMap((g) => g.partitions.map((p) => ({ g, p })));
  const pl = ({ g, p }: (typeof parts)[number]) => ({
    group: g.groupId,
    topic: p.topic,
    partition: p.partition,
    member_host: p.owner?.host ?? '',
    consumer_id: p.owner?.memberId ?? '',
    client_id: p.owner?.clientId ?? '',
  });
  family('kafka_consumergroup_group_offset', 'gauge', 'Last committed offset of a consumer group partition.', parts.map((x) => [pl(x), x.p.committed]));
  family('kafka_consumergroup_group_lag', 'gauge', 'Messages a consumer group partition has still to read.', parts.map((x) => [pl(x), x.p.lag]));
  family('kafka_consumergroup_group_lag_seconds', 'gauge', 'Seconds since the first unread record of a consumer group partition was written.', parts.map((x) => [pl(x), x.p.lagSeconds]));
  family('kafka_consumergroup_group_max_lag', 'gauge', 'Highest partition lag of a consumer group.', input.groups.map((g) => [{ group: g.groupId }, maxOf(g.partitions.map((p) => p.lag))]));
  family('kafka_consumergroup_group_max_lag_seconds', 'gauge', 'Highest partition lag in seconds of a consumer group.', input.groups.map((g) => [{ group: g.groupId }, g.maxLagSeconds]));
  family('kafka_consumergroup_group_sum_lag', 'gauge', 'Total lag of a consumer group.', input.groups.map((g) => [{ group: g.groupId }, g.totalLag]));
  family(
    'kafka_consumergroup_group_topic_sum_lag',
    'gauge',
    'Total lag of a consumer group on one topic.',
    input.groups.flatMap((g) => g.topics.map((t) => [{ group: g.groupId, topic: t }, sumOf(g.partitions.filter((p) => p.topic === t).map((p) => p.lag))] as [Record<string, string>, number | null])),
  );
  family('kafka_consumergroup_members', 'gauge', 'Active members of a consumer group.', input.groups.map((g) => [{ group: g.groupId, state: g.state }, g.members.length]));
  family(
    'eventline_consumergroup_status',
    'gauge',
    'Evaluated status of a consumer group: 1 for its current status, 0 for the others.',
    input.groups.flatMap((g) => LAG_STATUSES.map((s) => [{ group: g.groupId, status: s }, g.status === s ? 1 : 0] as [Record<string, string>, number])),
  );
  family(
    'eventline_consumergroup_partition_status',
    'gauge',
    'Evaluated status of a consumer group partition (only the current status is exported, value 1).',
    parts.map((x) => [{ group: x.g.groupId, topic: x.p.topic, partition: x.p.partition, status: x.p.status }, 1]),
  );
  family('kafka_topic_messages_per_second', 'gauge', 'Messages per second written to a topic (high watermark rate).', input.cluster.topics.map((t) => [{ topic: t.name }, t.messagesPerSecond]));
  family('kafka_brokers', 'gauge', 'Brokers in the cluster.', [[{}, input.cluster.overview?.brokers.length ?? null]]);
  family('eventline_lag_poll_duration_seconds', 'gauge', 'Duration of the last lag poll cycle.', [[{}, input.lag.cycleMs === null ? null : input.lag.cycleMs / 1000]]);
  family('eventline_cluster_poll_duration_seconds', 'gauge', 'Duration of the last cluster metadata poll.', [[{}, input.clusterPollMs / 1000]]);
  family('eventline_lag_poll_up', 'gauge', '1 when the last lag poll succeeded.', [[{}, input.lag.error ? 0 : 1]]);
  return out.join('\n') + '\n';
}

function esc(v: string) {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}
function maxOf(xs: (number | null)[]) {
  const k = xs.filter((x): x is number => x !== null);
  return k.length ? Math.max(...k) : null;
}
function sumOf(xs: (number | null)[]) {
  const k = xs.filter((x): x is number => x !== null);
  return k.length ? k.reduce((a, b) => a + b, 0) : null;
}
