'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useMemo, useState } from 'react';
import { z } from 'zod';
import { useLagGroups } from '@/components/api/use-lag';
import { formatClock, formatCount } from '@/components/format/format';
import { useLagGroupsLive } from '@/components/realtime/use-lag-live';
import { PageSkeleton } from '@/components/shell/page-skeleton';
import { ErrorPanel } from '@/components/ui/error-panel';
import { SortableHeader } from '@/components/ui/sortable-header';
import { defaultGroupsView, formatLagSeconds, groupSortKeys, visibleGroups, type GroupSortKey, type GroupsView } from './lag-series';
import { StatusBadge } from './status-badge';
import { CommitTrackerBadge } from './commit-tracker-badge';
import styles from './lag.module.css';

const viewSchema = z.object({
  q: z.string().max(200).catch(''),
  sort: z.enum(groupSortKeys).catch(defaultGroupsView.sort),
  dir: z.enum(['asc', 'desc']).catch(defaultGroupsView.dir),
  problems: z.enum(['1', '0']).transform((v) => v === '1').catch(false),
});

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
  const [view, setView] = useState<GroupsView>(() =>
    viewSchema.parse({ q: params.get('q') ?? '', sort: params.get('sort') ?? undefined, dir: params.get('dir') ?? undefined, problems: params.get('problems') ?? undefined }),
  );
  const groups = useLagGroups();
  useLagGroupsLive();
  const rows = useMemo(() => (groups.data ? visibleGroups(groups.data.groups, view) : []), [groups.data, view]);

  function change(next: GroupsView) {
    setView(next);
    const p = new URLSearchParams();
    if (next.q) p.set('q', next.q);
    if (next.sort !== defaultGroupsView.sort || next.dir !== defaultGroupsView.dir) {
      p.set('sort', next.sort);
      p.set('dir', next.dir);
    }
    if (next.problems) p.set('problems', '1');
    const s = p.toString();
    window.history.replaceState(null, '', `${window.location.pathname}${s ? `?${s}` : ''}`);
  }

  if (groups.isPending) return <PageSkeleton />;
  if (groups.isError) return <ErrorPanel error={groups.error} onRetry={() => void groups.refetch()} />;
  const all = groups.data.groups;
  const behind = all.filter((g) => g.status !== 'OK').length;

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
                    onSort={() => change({ ...view, sort: c.key, dir: active && view.dir === 'desc' ? 'asc' : active ? 'desc' : c.numeric || c.key === 'status' ? 'desc' : 'asc' })}
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
