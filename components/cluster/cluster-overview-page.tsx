'use client';

import Link from 'next/link';
import { useCluster } from '@/components/api/use-cluster';
import { formatAge, formatClock, formatCompact, formatCount, formatRate } from '@/components/format/format';
import { PageSkeleton } from '@/components/shell/page-skeleton';
import { ErrorPanel } from '@/components/ui/error-panel';
import { useNow } from '@/components/ui/use-now';
import { BrokersTable } from './brokers-table';
import { BusiestTopics } from './busiest-topics';
import { isStale, summarizeTopics } from './cluster-summary';
import { StatTile } from './stat-tile';
import { UnhealthyTopics } from './unhealthy-topics';
import styles from './cluster.module.css';

export function ClusterOverviewPage() {
  const cluster = useCluster();
  const now = useNow(1_000);

  if (cluster.isPending) return <PageSkeleton />;
  if (cluster.isError) return <ErrorPanel error={cluster.error} onRetry={() => void cluster.refetch()} />;

  const { overview, topics } = cluster.data;
  if (!overview) {
    return (
      <div className="panel panel-message" data-testid="overview-empty">
        <h1 className="page-title">No cluster data yet</h1>
        <p className="muted">
          The server has not read the cluster metadata yet. This page fills in as soon as it reaches Kafka.
        </p>
      </div>
    );
  }

  const summary = summarizeTopics(topics);
  const stale = isStale(overview.observedAt, now);

  return (
    <div className={styles.page}>
      <div className="page-header">
        <div>
          <h1 className="page-title">Cluster overview</h1>
          <Link href="/flows" className="small" data-testid="overview-flows-link">
            See what flows where: the flow map →
          </Link>
        </div>
        <span
          className={`page-header-end ${styles.updated} ${stale ? styles.updatedStale : ''}`}
          data-testid="last-update"
          title={new Date(overview.observedAt).toISOString()}
        >
          {stale && <span className="badge badge-warn">stale</span>}
          Updated {formatClock(overview.observedAt)} · {formatAge(overview.observedAt, now)}
        </span>
      </div>

      <div className={styles.tiles}>
        <StatTile label="Brokers" value={formatCount(overview.brokers.length)} testId="stat-brokers" />
        <StatTile
          label="Topics"
          value={formatCount(overview.topicCount)}
          note={`+ ${formatCount(overview.internalTopicCount)} internal`}
          testId="stat-topics"
        />
        <StatTile label="Partitions" value={formatCount(overview.partitionCount)} testId="stat-partitions" />
        <StatTile
          label="Messages in"
          value={formatRate(summary.messagesPerSecond)}
          note={`${formatCompact(summary.messages)} retained`}
          testId="stat-rate"
        />
        <StatTile
          label="Under-replicated"
          value={formatCount(overview.underReplicatedPartitions)}
          note="partitions"
          tone={overview.underReplicatedPartitions > 0 ? 'warn' : 'ok'}
          testId="stat-under-replicated"
        />
        <StatTile
          label="Offline"
          value={formatCount(overview.offlinePartitions)}
          note="partitions"
          tone={overview.offlinePartitions > 0 ? 'danger' : 'ok'}
          testId="stat-offline"
        />
      </div>

      {summary.unhealthy.length > 0 && <UnhealthyTopics topics={summary.unhealthy} />}

      <div className={styles.columns}>
        <BrokersTable brokers={overview.brokers} />
        <BusiestTopics topics={summary.busiest} />
      </div>
    </div>
  );
}
