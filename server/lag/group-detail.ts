import { worstStatus, type GroupDetail, type GroupState, type GroupSummary, type PartitionLag, type TopicConsumer } from '../../lib/lag-types';
import type { RawGroup } from '../kafka';
import type { Evaluation } from './evaluate-status';

/** A group as the browser sees it: its partitions (in the order given), per-topic lag and its status. */
export function buildGroupDetail(g: RawGroup, ps: PartitionLag[], ev: Evaluation, statusSince: number, eventline: boolean): GroupDetail {
  const topics = [...new Set(ps.map((p) => p.topic))].sort();
  return {
    groupId: g.groupId,
    state: normalizeState(g.state),
    protocolType: g.protocolType,
    members: g.members.map((m) => ({ memberId: m.memberId, clientId: m.clientId, host: m.host })),
    memberDetails: g.members,
    topics,
    partitionCount: ps.length,
    topicLags: topics.map((topic) => {
      const tps = ps.filter((p) => p.topic === topic);
      return { topic, lag: sumLag(tps), status: worstStatus(tps.map((p) => p.status)) };
    }),
    totalLag: sumLag(ps),
    maxLagSeconds: maxLagSeconds(ps),
    status: ev.status,
    reason: ev.reason,
    statusSince,
    eventline,
    partitions: ps,
  };
}

/** Which groups read a topic and how far behind they are. */
export function topicConsumers(details: Iterable<GroupDetail>, topic: string): TopicConsumer[] {
  const out: TopicConsumer[] = [];
  for (const g of details) {
    const ps = g.partitions.filter((p) => p.topic === topic);
    if (!ps.length) continue;
    out.push({ groupId: g.groupId, state: g.state, lag: sumLag(ps), maxLagSeconds: maxLagSeconds(ps), status: worstStatus(ps.map((p) => p.status)) });
  }
  return out;
}

export function toSummary(g: GroupDetail): GroupSummary {
  const { memberDetails: _m, partitions: _p, ...summary } = g;
  return summary;
}

/** Sum of the known lags; null when none is known (unknown is not 0). */
function sumLag(ps: PartitionLag[]): number | null {
  const known = ps.filter((p) => p.lag !== null);
  return known.length ? known.reduce((s, p) => s + p.lag!, 0) : null;
}

function maxLagSeconds(ps: PartitionLag[]): number | null {
  const secs = ps.filter((p) => p.lagSeconds !== null);
  return secs.length ? Math.max(...secs.map((p) => p.lagSeconds!)) : null;
}

function normalizeState(s: string): GroupState {
  const known: GroupState[] = ['Stable', 'Empty', 'PreparingRebalance', 'CompletingRebalance', 'Dead'];
  return (known as string[]).includes(s) ? (s as GroupState) : 'Unknown';
}
