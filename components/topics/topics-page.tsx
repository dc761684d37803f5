'use client';

import { useSearchParams } from 'next/navigation';
import { useMemo, useState } from 'react';
import { roleAtLeast } from '@/lib/session-types';
import { useCluster } from '@/components/api/use-cluster';
import { useCoverage } from '@/components/api/use-coverage';
import { useLagGroups } from '@/components/api/use-lag';
import { consumersByTopic } from '@/components/lag/topic-consumers';
import { useLagGroupsLive } from '@/components/realtime/use-lag-live';
import { useMe } from '@/components/api/use-me';
import { formatClock } from '@/components/format/format';
import { PageSkeleton } from '@/components/shell/page-skeleton';
import { ErrorPanel } from '@/components/ui/error-panel';
import { CreateTopicDialog } from './create-topic-dialog';
import { DeleteTopicDialog } from './delete-topic-dialog';
import { parseTopicsView, serializeTopicsView, visibleTopics, type TopicsView } from './topic-list';
import { TopicsTable } from './topics-table';
import { TopicsToolbar } from './topics-toolbar';

export function TopicsPage() {
  const searchParams = useSearchParams();
  // The view lives here; the URL mirrors it (replaceState: no navigation, no history spam).
  const [view, setView] = useState<TopicsView>(() => parseTopicsView(new URLSearchParams(searchParams.toString())));
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<string | null>(null);
  const cluster = useCluster();
  const me = useMe();
  const lag = useLagGroups();
  useLagGroupsLive();
  const consumers = useMemo(() => consumersByTopic(lag.data?.groups), [lag.data]);
  const coverageQuery = useCoverage();
  const coverage = useMemo(() => new Map(coverageQuery.data?.topics.map((c) => [c.topic, c])), [coverageQuery.data]);

  function changeView(next: TopicsView) {
    setView(next);
    window.history.replaceState(null, '', `${window.location.pathname}${serializeTopicsView(next)}`);
  }

  const topics = cluster.data?.topics;
  const rows = useMemo(() => (topics ? visibleTopics(topics, view) : []), [topics, view]);

  if (cluster.isPending) return <PageSkeleton />;
  if (cluster.isError) return <ErrorPanel error={cluster.error} onRetry={() => void cluster.refetch()} />;

  const role = me.data?.user.role;
  const canCreate = role !== undefined && roleAtLeast(role, 'operator');
  const canDelete = role !== undefined && roleAtLeast(role, 'admin');
  const all = cluster.data.topics;
  const internalCount = all.filter((t) => t.internal).length;
  const brokerCount = cluster.data.overview?.brokers.length ?? null;

  return (
    <div>
      <div className="page-header">
        <h1 className="page-title">Topics</h1>
        <span className="page-subtitle" data-testid="topic-count">
          {rows.length === all.length ? `${all.length} topics` : `${rows.length} of ${all.length} topics`}
          {!view.internal && internalCount > 0 && ` · ${internalCount} internal hidden`}
        </span>
        {cluster.data.connection.status !== 'connected' && cluster.data.overview && (
          // The banner above says why; this says how old the figures below are.
          <span className="badge badge-warn" data-testid="topics-stale">
            figures from {formatClock(cluster.data.overview.observedAt)}
          </span>
        )}
        {canCreate && (
          <div className="page-header-end">
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => setCreating(true)}
              data-testid="create-topic-button"
            >
              Create topic
            </button>
          </div>
        )}
      </div>

      <TopicsToolbar view={view} onChange={changeView} />
      <TopicsTable
        topics={rows}
        view={view}
        onSort={changeView}
        onDelete={canDelete ? setDeleting : undefined}
        consumers={consumers}
        coverage={coverageQuery.data ? coverage : undefined}
        emptyText={all.length === 0 ? 'This cluster has no topics yet.' : 'No topics match the filter.'}
      />

      <CreateTopicDialog open={creating} onClose={() => setCreating(false)} brokerCount={brokerCount} />
      <DeleteTopicDialog name={deleting} onClose={() => setDeleting(null)} />
    </div>
  );
}
