'use client';

import Link from 'next/link';
import type { TopicSummary } from '@/lib/cluster-types';
import { formatCount, formatRate } from '@/components/format/format';
import { TopicConsumers, type TopicConsumerSummary } from '@/components/lag/topic-consumers';
import { CoverageCell } from '@/components/traces/coverage-cell';
import type { TopicCoverage } from '@/lib/coverage-types';
import { messageHref } from '@/components/messages/browse-state';
import { SortableHeader } from '@/components/ui/sortable-header';
import { nextSort, type TopicSortKey, type TopicsView } from './topic-list';
import styles from './topics.module.css';

const COLUMNS: { key: TopicSortKey; label: string; numeric: boolean }[] = [
  { key: 'name', label: 'Name', numeric: false },
  { key: 'partitions', label: 'Partitions', numeric: true },
  { key: 'replicationFactor', label: 'Replication', numeric: true },
  { key: 'messages', label: 'Messages', numeric: true },
  { key: 'messagesPerSecond', label: 'Messages/s', numeric: true },
];

export function TopicsTable({
  topics,
  view,
  onSort,
  onDelete,
  emptyText,
  consumers,
  coverage,
}: {
  /** topic → its id coverage, when the collector stores it. */
  coverage?: Map<string, TopicCoverage>;
  /** topic → consumer groups reading it, with their lag (issue 4). */
  consumers?: Map<string, TopicConsumerSummary[]>;
  topics: TopicSummary[];
  view: TopicsView;
  onSort: (view: TopicsView) => void;
  /** Only given to admins. */
  onDelete?: (name: string) => void;
  emptyText: string;
}) {
  const columnCount = COLUMNS.length + 2 + (onDelete ? 1 : 0);
  return (
    <div className="panel table-wrap">
      <table className="table" data-testid="topics-table">
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <SortableHeader
                key={c.key}
                columnKey={c.key}
                label={c.label}
                numeric={c.numeric}
                active={view.sort === c.key}
                dir={view.dir}
                className={c.numeric ? `num ${styles.numCol}` : undefined}
                onSort={() => onSort(nextSort(view, c.key))}
              />
            ))}
            <th>Consumer groups · lag</th>
            <th title="Share of the collected events with a correlation id, a causation id and an event id; the id conventions seen">Trace ids</th>
            {onDelete && (
              <th className={styles.actions}>
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {topics.map((t) => (
            <TopicRow key={t.name} topic={t} onDelete={onDelete} consumers={consumers?.get(t.name)} coverage={coverage ? (coverage.get(t.name) ?? null) : undefined} />
          ))}
          {topics.length === 0 && (
            <tr>
              <td colSpan={columnCount} className="table-empty" data-testid="topics-empty">
                {emptyText}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

function TopicRow({
  topic: t,
  onDelete,
  consumers,
  coverage,
}: {
  topic: TopicSummary;
  onDelete?: (name: string) => void;
  consumers?: TopicConsumerSummary[];
  /** null: the collector has stored nothing from it; undefined: not known yet. */
  coverage?: TopicCoverage | null;
}) {
  const rowClass = t.offlinePartitions > 0 ? 'row-danger' : t.underReplicatedPartitions > 0 ? 'row-warn' : undefined;
  return (
    <tr className={`${styles.row} ${rowClass ?? ''}`} data-testid="topic-row" data-topic={t.name}>
      <td>
        <div className={styles.nameCell}>
          <span className="mono">{t.name}</span>
          {t.internal && <span className="badge">internal</span>}
          {t.offlinePartitions > 0 && (
            <span className="badge badge-danger" title="Partitions without a leader">
              {t.offlinePartitions} offline
            </span>
          )}
          {t.underReplicatedPartitions > 0 && (
            <span className="badge badge-warn" title="Partitions with fewer in-sync replicas than replicas">
              {t.underReplicatedPartitions} under-replicated
            </span>
          )}
          <Link href={messageHref(t.name)} className="small" data-testid="topic-messages-link">
            Messages<span className="visually-hidden"> of {t.name}</span>
          </Link>
        </div>
      </td>
      <td className="num">{formatCount(t.partitions)}</td>
      <td className="num">{t.replicationFactor}</td>
      <td className="num">{formatCount(t.messages)}</td>
      <td
        className={`num ${t.messagesPerSecond ? '' : 'faint'}`}
        title={t.messagesPerSecond === null ? 'Known after the second poll' : `${t.messagesPerSecond.toFixed(2)} messages/s`}
      >
        {formatRate(t.messagesPerSecond)}
      </td>
      <td>
        <TopicConsumers consumers={consumers} />
      </td>
      <td>
        <CoverageCell coverage={coverage} />
      </td>
      {onDelete && (
        <td className={styles.actions}>
          {!t.internal && (
            <button
              type="button"
              className="btn-link-danger"
              onClick={() => onDelete(t.name)}
              data-testid="delete-topic-button"
            >
              {/* Named by its text, not aria-label, so label lookups for the toolbar don't hit rows. */}
              Delete<span className="visually-hidden"> topic {t.name}</span>
            </button>
          )}
        </td>
      )}
    </tr>
  );
}
