'use client';

import { useEffect, useRef } from 'react';
import type { MessageRecord } from '@/lib/message-types';
import { formatCount, formatDateTime } from '@/components/format/format';
import { bytesSnippet, KindBadge } from './bytes-view';
import { allPicked, pickKey, type Picks } from './record-picks';
import styles from './messages.module.css';

/** Ticking records for a replay: the ticked ones, and what a tick (of a row or of the whole page) does. */
export interface RowPicking {
  picks: Picks;
  onPick: (records: MessageRecord[], on: boolean) => void;
}

export const recordId = (r: { partition: number; offset: number }) => `${r.partition}:${r.offset}`;

/**
 * The page's records, oldest first. The linked record (if any) is highlighted and
 * scrolled into view; a click or Enter on a row opens it. With `picking`, each row has a
 * box to tick it for a replay, and the header one ticks the page.
 */
export function MessageTable({
  records,
  showPartition,
  highlight,
  selected,
  onSelect,
  emptyText,
  picking,
}: {
  records: MessageRecord[];
  showPartition: boolean;
  highlight: string | null;
  selected: string | null;
  onSelect: (r: MessageRecord) => void;
  emptyText: string;
  picking?: RowPicking;
}) {
  const highlighted = useRef<HTMLTableRowElement>(null);
  const present = highlight !== null && records.some((r) => recordId(r) === highlight);
  useEffect(() => {
    const row = highlighted.current;
    if (!present || !row) return;
    const { top, bottom } = row.getBoundingClientRect();
    if (top < 0 || bottom > window.innerHeight) row.scrollIntoView({ block: 'center' });
  }, [present, highlight]);

  return (
    <div className="panel table-wrap">
      <table className={`table ${styles.table}`} data-testid="messages-table">
        <thead>
          <tr>
            {picking && (
              <th className={styles.colPick}>
                <input
                  type="checkbox"
                  aria-label="Tick every record on this page"
                  data-testid="pick-page"
                  checked={allPicked(picking.picks, records)}
                  disabled={records.length === 0}
                  onChange={(e) => picking.onPick(records, e.target.checked)}
                />
              </th>
            )}
            {showPartition && <th className={`num ${styles.colPartition}`}>Partition</th>}
            <th className={`num ${styles.colOffset}`}>Offset</th>
            <th className={styles.colTime}>Timestamp</th>
            <th className={styles.colKey}>Key</th>
            <th>Value</th>
            <th className={`num ${styles.colSize}`}>Size</th>
            <th className={`num ${styles.colHeaders}`}>Headers</th>
          </tr>
        </thead>
        <tbody>
          {records.map((r) => {
            const id = recordId(r);
            const isHighlight = id === highlight;
            return (
              <tr
                key={id}
                ref={isHighlight ? highlighted : undefined}
                className={`${styles.row} ${isHighlight ? styles.highlight : ''} ${id === selected ? styles.selected : ''}`}
                data-testid="message-row"
                data-offset={r.offset}
                data-partition={r.partition}
                data-highlighted={isHighlight || undefined}
                aria-selected={id === selected}
                tabIndex={0}
                onClick={() => onSelect(r)}
                onKeyDown={(e) => e.key === 'Enter' && onSelect(r)}
              >
                {picking && (
                  // The box ticks; the rest of the row opens the record.
                  <td className={styles.pick} onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
                    <input
                      type="checkbox"
                      aria-label={`Tick offset ${r.offset} of partition ${r.partition}`}
                      data-testid="pick-record"
                      checked={picking.picks.has(pickKey(r))}
                      onChange={(e) => picking.onPick([r], e.target.checked)}
                    />
                  </td>
                )}
                {showPartition && <td className="num">{r.partition}</td>}
                <td className="num mono">{r.offset}</td>
                <td className={styles.time}>{formatDateTime(r.timestamp)}</td>
                <td className={`mono ${styles.key}`} title={r.key?.kind === 'binary' ? 'binary key, shown as hex' : undefined}>
                  {r.key === null ? <span className="faint">null</span> : bytesSnippet(r.key, 40)}
                </td>
                <td className={`mono ${styles.value}`}>
                  {(r.value?.kind === 'binary' || r.value?.schema) && <KindBadge bytes={r.value} />} {r.value === null ? <span className="faint">null (tombstone)</span> : bytesSnippet(r.value)}
                </td>
                <td className="num">{formatCount(r.size)}</td>
                <td className="num">{r.headers.length || <span className="faint">0</span>}</td>
              </tr>
            );
          })}
          {records.length === 0 && (
            <tr>
              <td colSpan={(showPartition ? 7 : 6) + (picking ? 1 : 0)} className="table-empty" data-testid="messages-empty">
                {emptyText}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
