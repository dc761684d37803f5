'use client';

import Link from 'next/link';
import { useState } from 'react';
import { LAG_RANGES, type LagRange } from '@/lib/lag-types';
import { useLagGroup, useLagHistory } from '@/components/api/use-lag';
import { formatAge, formatCount } from '@/components/format/format';
import { useLagGroupLive } from '@/components/realtime/use-lag-live';
import { PageSkeleton } from '@/components/shell/page-skeleton';
import { ErrorPanel } from '@/components/ui/error-panel';
import { useNow } from '@/components/ui/use-now';
import { GroupLagChart, PartitionLagChart } from './lag-chart';
import { formatLagSeconds } from './lag-series';
import { ResetOffsetsButton } from './reset-offsets-button';
import { StatusBadge } from './status-badge';
import styles from './lag.module.css';

export function GroupDetailPage({ groupId }: { groupId: string }) {
  const [range, setRange] = useState<LagRange>('15m');
  const group = useLagGroup(groupId);
  const history = useLagHistory(groupId, range);
  useLagGroupLive(groupId);
  const now = useNow(5_000);

  if (group.isPending) return <PageSkeleton />;
  if (group.isError) return <ErrorPanel error={group.error} onRetry={() => void group.refetch()} />;
  const g = group.data;

  return (
    <div>
      <div className="page-header">
        <h1 className="page-title">
          <Link href="/groups" className={styles.groupLink}>
            Consumer groups
          </Link>{' '}
          / <span className="mono" data-testid="group-title">{g.groupId}</span>
        </h1>
        <StatusBadge status={g.status} />
        <span className="page-subtitle">
          {g.state} · {g.members.length} member{g.members.length === 1 ? '' : 's'} · status since {formatAge(g.statusSince, now)}
        </span>
        <ResetOffsetsButton group={g} />
      </div>

      <div className={`panel ${styles.why}`} data-testid="group-reason">
        <StatusBadge status={g.status} />
        <span>{g.reason}</span>
      </div>

      <div className={styles.tiles}>
        <Tile label="Lag (messages)" value={formatCount(g.totalLag)} testId="detail-total-lag" />
        <Tile label="Max lag (time)" value={formatLagSeconds(g.maxLagSeconds)} />
        <Tile label="Partitions" value={formatCount(g.partitionCount)} />
        <Tile label="Topics" value={g.topics.join(', ') || '—'} />
      </div>

      <div className={styles.charts}>
        <div className={`panel ${styles.chartPanel}`}>
          <div className={styles.chartHeader}>
            <h2 className="panel-title">Lag over time</h2>
            <div className={styles.ranges} role="group" aria-label="Range">
              {LAG_RANGES.map((r) => (
                <button key={r} type="button" className={styles.range} aria-pressed={r === range} onClick={() => setRange(r)} data-testid={`range-${r}`}>
                  {r}
                </button>
              ))}
            </div>
          </div>
          {history.data ? <GroupLagChart history={history.data} /> : <div className={styles.chartEmpty}>Loading…</div>}
        </div>
        <div className={`panel ${styles.chartPanel}`}>
          <div className={styles.chartHeader}>
            <h2 className="panel-title">Lag per partition</h2>
          </div>
          {history.data ? <PartitionLagChart history={history.data} /> : <div className={styles.chartEmpty}>Loading…</div>}
        </div>
      </div>

      <h2 className={styles.sectionTitle}>Partitions</h2>
      <div className="panel table-wrap">
        <table className="table" data-testid="partitions-table">
          <thead>
            <tr>
              <th className={styles.statusCol}>Status</th>
              <th>Topic</th>
              <th className="num">Partition</th>
              <th className="num">Committed</th>
              <th className="num">Log end</th>
              <th className="num">Lag</th>
              <th className="num">Lag (time)</th>
              <th>Owner</th>
              <th>Last commit seen</th>
              <th>Why</th>
            </tr>
          </thead>
          <tbody>
            {g.partitions.length === 0 && (
              <tr>
                <td colSpan={10} className="table-empty">
                  This group has no committed offsets and no assigned partitions.
                </td>
              </tr>
            )}
            {g.partitions.map((p) => (
              <tr key={`${p.topic}-${p.partition}`} data-testid="partition-row">
                <td>
                  <StatusBadge status={p.status} />
                </td>
                <td className="mono">{p.topic}</td>
                <td className="num">{p.partition}</td>
                <td className="num">{p.committed === null ? 'none' : formatCount(p.committed)}</td>
                <td className="num">{formatCount(p.logEnd)}</td>
                <td className="num">{formatCount(p.lag)}</td>
                <td className="num" title={p.timeLagMethod}>
                  {formatLagSeconds(p.lagSeconds)}
                  {p.timeLagMethod === 'next-record' && ' ≈'}
                </td>
                <td className="mono" title={p.owner ? `${p.owner.memberId} @ ${p.owner.host}` : undefined}>
                  {p.owner ? `${p.owner.clientId} ${p.owner.host}` : '—'}
                </td>
                <td>{p.lastCommitAt ? formatAge(p.lastCommitAt, now) : 'not since watching'}</td>
                <td>
                  <div className={styles.reason}>{p.reason}</div>
                  {p.note && <div className={styles.note}>{p.note}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {g.memberDetails.length > 0 && (
        <>
          <h2 className={styles.sectionTitle}>Members</h2>
          <div className="panel table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th>Client id</th>
                  <th>Host</th>
                  <th>Member id</th>
                  <th className="num">Partitions</th>
                </tr>
              </thead>
              <tbody>
                {g.memberDetails.map((m) => (
                  <tr key={m.memberId}>
                    <td className="mono">{m.clientId}</td>
                    <td className="mono">{m.host}</td>
                    <td className="mono">{m.memberId}</td>
                    <td className="num">{m.assignments.length}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}

function Tile({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className={`panel ${styles.tile}`}>
      <div className={styles.tileLabel}>{label}</div>
      <div className={styles.tileValue} data-testid={testId}>
        {value}
      </div>
    </div>
  );
}
