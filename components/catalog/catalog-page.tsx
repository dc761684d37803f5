'use client';

import { Fragment, useState } from 'react';
import type { CatalogEntryView } from '@/lib/catalog-types';
import { useCatalog } from '@/components/api/use-catalog';
import { formatCount, formatDateTime, formatRate } from '@/components/format/format';
import { PageSkeleton } from '@/components/shell/page-skeleton';
import { ErrorPanel } from '@/components/ui/error-panel';
import { DriftList } from './drift-list';
import { ShapeTable } from './shape-table';
import styles from './catalog.module.css';

const keyOf = (e: CatalogEntryView) => `${e.cluster}|${e.eventType}|${e.version}`;

/** Every event type and version seen, with who sends it where, and its observed shape. */
export function CatalogPage() {
  const catalog = useCatalog();
  const [open, setOpen] = useState<string | null>(null);
  if (catalog.isPending) return <PageSkeleton />;
  if (catalog.isError) return <ErrorPanel error={catalog.error} onRetry={() => void catalog.refetch()} />;
  const { entries, drift } = catalog.data;
  const types = new Set(entries.map((e) => e.eventType)).size;

  return (
    <div>
      <div className="page-header">
        <h1 className="page-title">Event catalog</h1>
        <span className="page-subtitle" data-testid="catalog-count">
          {types} event types · {entries.length} versions
        </span>
        {drift.length > 0 && <span className="badge badge-warn">{drift.length} drift {drift.length === 1 ? 'change' : 'changes'}</span>}
      </div>
      <div className="panel table-wrap">
        <table className="table" data-testid="catalog-table">
          <thead>
            <tr>
              <th>Event type</th>
              <th>Version</th>
              <th>Producers</th>
              <th>Topics</th>
              <th className="num">Events</th>
              <th className="num">Rate</th>
              <th>First seen</th>
              <th>Last seen</th>
            </tr>
          </thead>
          <tbody>
            {entries.length === 0 && (
              <tr>
                <td colSpan={8} className="table-empty">
                  No typed events collected yet. Types come from ce_type, x-event-type or a type field in the payload.
                </td>
              </tr>
            )}
            {entries.map((e) => {
              const k = keyOf(e);
              return (
                <Fragment key={k}>
                  <tr data-testid="catalog-row" data-type={e.eventType} data-version={e.version} className={styles.row} onClick={() => setOpen(open === k ? null : k)}>
                    <td className="mono">
                      <button type="button" className={styles.toggle} aria-expanded={open === k}>
                        {open === k ? '▾' : '▸'}
                      </button>{' '}
                      {e.eventType}
                    </td>
                    <td className="mono">{e.version || '—'}</td>
                    <td className={styles.names}>{e.producers.join(', ') || '—'}</td>
                    <td className={styles.names}>{e.topics.join(', ')}</td>
                    <td className="num">{formatCount(e.eventCount)}</td>
                    <td className="num">{formatRate(e.ratePerSecond)}</td>
                    <td>{formatDateTime(e.firstAt)}</td>
                    <td>{formatDateTime(e.lastAt)}</td>
                  </tr>
                  {open === k && (
                    <tr>
                      <td colSpan={8} className={styles.detail}>
                        <ShapeTable entry={e} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
      <DriftList drift={drift} />
    </div>
  );
}
