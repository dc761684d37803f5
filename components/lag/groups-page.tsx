'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useMemo, useState } from 'react';
import { useLagGroups } from '@/components/api/use-lag';
import { formatClock, formatCount } from '@/components/format/format';
import { useLagGroupsLive } from '@/components/realtime/use-lag-live';
import { PageSkeleton } from '@/components/shell/page-skeleton';
import { ErrorPanel } from '@/components/ui/error-panel';
import { SortableHeader } from '@/components/ui/sortable-header';
import { formatLagSeconds } from './lag-series';
import { nextGroupSort, parseGroupsView, serializeGroupsView, visibleGroups, type GroupSortKey, type GroupsView } from './group-list';
import { StatusBadge } from './status-badge';
import { CommitTrackerBadge } from './commit-tracker-badge';
import styles from './lag.module.css';

const COLUMNS: { key: GroupSortKey; label: string; numeric: boolean }[] = [
  { key: 'status', label: 'Status', numeric: false },
  { key: 'groupId', label: 'Group', numeric: false },
  { key: 'state', label: 'State', numeric: false },
  { key: 'members', label: 'Members', numeric: true },
  { key: 'totalLag', label: 'Lag (messages)', numeric: true },
  { key: 'maxLagSeconds', label: 'Max lag (time)', numeric: true },
];

export function GroupsPage() {
  const params = useSearchParams();
  const [view, setView] = useState<GroupsView>(() => parseGroupsView(new URLSearchParams(params.toString())));
  const groups = useLagGroups();
  useLagGroupsLive();
  const rows = useMemo(() => (groups.data ? visibleGroups(groups.data.groups, view) : []), [groups.data, view]);

  function change(next: GroupsView) {
    setView(next);
    window.history.replaceState(null, '', `${window.location.pathname}${serializeGroupsView(next)}`);
  }

  if (groups.isPending) return <PageSkeleton />;
  if (groups.isError) return <ErrorPanel error={groups.error} onRetry={() => void groups.refetch()} />;
  const all = groups.data.groups;
  const behind = all.filter((g) => g.status !== 'OK').length;
  const own = all.filter((g) => g.eventline).length;

  return (
    <div>
      <div className="page-header">
        <h1 className="page-title">Consumer groups</h1>
        <span className="page-subtitle" data-testid="group-count">
          {rows.length === all.length ? `${all.length} groups` : `${rows.length} of ${all.length} groups`}
          {behind > 0 && ` · ${behind} need attention`}
        </span>
        {groups.data.observedAt && (
          <span className="page-subtitle">
            polled {formatClock(groups.data.observedAt)}
            {groups.data.cycleMs !== null && ` in ${groups.data.cycleMs} ms`}
          </span>
        )}
        {groups.data.error && <span className="badge badge-warn">last poll failed: {groups.data.error}</span>}
        <CommitTrackerBadge tracker={groups.data.commitTracker} />
      </div>
      <div className={styles.toolbar}>
        <label className={styles.filter}>
          <span className="visually-hidden">Filter groups</span>
          <input
            className="input"
            type="search"
            placeholder="Filter by group, topic or client id…"
            value={view.q}
            onChange={(e) => change({ ...view, q: e.target.value })}
            data-testid="group-filter"
            spellCheck={false}
            autoComplete="off"
          />
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={view.problems} onChange={(e) => change({ ...view, problems: e.target.checked })} data-testid="toggle-problems" />
          Only groups that are not OK
        </label>
        <label className="checkbox" title="Its collector's group and its commit trackers' groups">
          <input type="checkbox" checked={view.own} onChange={(e) => change({ ...view, own: e.target.checked })} data-testid="toggle-own" />
          Show Eventline&apos;s own groups{own > 0 && ` (${own})`}
        </label>
      </div>
      <div className="panel table-wrap">
        <table className="table" data-testid="groups-table">
          <thead>
            <tr>
              {COLUMNS.map((c) => {
                const active = view.sort === c.key;
                return (
                  <SortableHeader
                    key={c.key}
                    columnKey={c.key}
                    label={c.label}
                    numeric={c.numeric}
                    active={active}
                    dir={view.dir}
                    className={c.numeric ? `num ${styles.numCol}` : c.key === 'status' ? styles.statusCol : undefined}
                    onSort={() => change(nextGroupSort(view, c.key, c.numeric))}
                  />
                );
              })}
              <th>Topics · why</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={COLUMNS.length + 1} className="table-empty">
                  {all.length === 0 ? 'No consumer groups on this cluster yet.' : 'No groups match the filter.'}
                </td>
              </tr>
            )}
            {rows.map((g) => (
              <tr key={g.groupId} data-testid="group-row" data-group={g.groupId}>
                <td>
                  <StatusBadge status={g.status} title={g.reason} />
                </td>
                <td>
                  <Link className={`mono ${styles.groupLink}`} href={`/groups/${encodeURIComponent(g.groupId)}`}>
                    {g.groupId}
                  </Link>
                  {g.eventline && (
                    <span className={`badge badge-accent ${styles.ownTag}`} title="Eventline's own consumer group" data-testid="eventline-tag">
                      Eventline
                    </span>
                  )}
                </td>
                <td>{g.state}</td>
                <td className="num" title={g.members.map((m) => `${m.clientId} @ ${m.host}`).join('\n')}>
                  {g.members.length}
                </td>
                <td className="num" data-testid="group-lag">
                  {formatCount(g.totalLag)}
                </td>
                <td className="num">{formatLagSeconds(g.maxLagSeconds)}</td>
                <td>
                  <div className={styles.topics}>
                    {g.topics.join(', ') || '—'} · {g.partitionCount} partitions
                  </div>
                  {g.status !== 'OK' && <div className={styles.reason}>{g.reason}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
