'use client';

import Link from 'next/link';
import type { GroupSummary, LagStatus } from '@/lib/lag-types';
import { formatCount } from '@/components/format/format';
import { statusClass } from './lag-series';

export interface TopicConsumerSummary {
  groupId: string;
  lag: number | null;
  status: LagStatus;
}

/** topic → the groups that read it, from the groups' summaries. */
export function consumersByTopic(groups: GroupSummary[] | undefined): Map<string, TopicConsumerSummary[]> {
  const out = new Map<string, TopicConsumerSummary[]>();
  for (const g of groups ?? []) {
    for (const t of g.topicLags ?? []) {
      const list = out.get(t.topic) ?? [];
      list.push({ groupId: g.groupId, lag: t.lag, status: t.status });
      out.set(t.topic, list);
    }
  }
  return out;
}

/** "payments 12 · shipping 0": each group with its lag on this topic, coloured by status. */
export function TopicConsumers({ consumers }: { consumers: TopicConsumerSummary[] | undefined }) {
  if (!consumers?.length) return <span className="faint">none</span>;
  return (
    <span data-testid="topic-consumers" style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 6 }}>
      {consumers.map((c) => (
        <Link key={c.groupId} href={`/groups/${encodeURIComponent(c.groupId)}`} className={statusClass(c.status)} title={`${c.groupId}: ${c.status}, lag ${formatCount(c.lag)}`}>
          {c.groupId} {formatCount(c.lag)}
        </Link>
      ))}
    </span>
  );
}
