import Link from 'next/link';
import type { CatalogEntryView } from '@/lib/catalog-types';
import { versionLabel } from '@/lib/type-family';
import { formatAge, formatCompact, formatCount, formatDateTime, formatRate } from '@/components/format/format';
import { entryHref, groupByFamily } from './catalog-format';
import { ConsumerBadges } from './consumer-badges';
import styles from './catalog.module.css';

const COLUMNS = 10;

/** Every type seen, its versions one row each under the name it goes by, with who sends and who reads it. */
export function CatalogTable({ entries, showCluster, now }: { entries: CatalogEntryView[]; showCluster: boolean; now: number }) {
  const families = groupByFamily(entries);
  return (
    <div className="panel table-wrap">
      <table className="table" data-testid="catalog-table">
        <thead>
          <tr>
            <th>Event type</th>
            <th>Version</th>
            <th>Producers</th>
            <th>Consumers</th>
            <th>Topics</th>
            <th>Schema</th>
            <th className="num">Events</th>
            <th className="num">Rate</th>
            <th>Last seen</th>
            <th className="num">Drift</th>
          </tr>
        </thead>
        <tbody>
          {entries.length === 0 && (
            <tr>
              <td colSpan={COLUMNS} className="table-empty">
                No typed events collected yet. Types come from ce_type, x-event-type or a type field in the payload.
              </td>
            </tr>
          )}
          {families.map((f) =>
            f.entries.map((e, i) => (
              <tr key={`${e.cluster}|${e.eventType}|${e.version}`} data-testid="catalog-row" data-type={e.eventType} data-version={e.version} data-family={e.family} className={i === 0 ? styles.familyStart : ''}>
                {i === 0 && (
                  <td rowSpan={f.entries.length} className={styles.familyCell}>
                    <span className={`mono ${styles.family}`}>{f.family}</span>
                    {showCluster && <span className="faint small"> · {f.cluster}</span>}
                  </td>
                )}
                <td>
                  <Link href={entryHref(e)} className={styles.versionLink} data-testid="catalog-entry-link" title={e.eventType}>
                    {versionLabel(e.version)}
                  </Link>
                  {e.eventType !== f.family && <div className={`mono faint ${styles.rawType}`}>{e.eventType}</div>}
                </td>
                <td className={`cell-wrap ${styles.names}`}>{e.producers.join(', ') || '—'}</td>
                <td className={`cell-wrap ${styles.names} ${styles.consumers}`}>
                  <ConsumerBadges consumers={e.consumers} />
                </td>
                <td className={`cell-wrap ${styles.names}`}>{e.topics.join(', ')}</td>
                <td className={`mono cell-wrap ${styles.names}`} data-testid="catalog-subject">
                  {e.subject ?? <span className="faint">—</span>}
                </td>
                <td className="num" title={formatCount(e.eventCount)}>
                  {formatCompact(e.eventCount)}
                </td>
                <td className="num">{formatRate(e.ratePerSecond)}</td>
                <td className={styles.when} title={`first seen ${formatDateTime(e.firstAt)}, last seen ${formatDateTime(e.lastAt)}`}>
                  {formatAge(Date.parse(e.lastAt), now)}
                </td>
                <td className="num">
                  {e.driftCount > 0 ? (
                    <Link className="badge badge-warn" href={`/catalog/drift?${new URLSearchParams({ type: e.eventType, version: e.version }).toString()}`}>
                      {formatCount(e.driftCount)}
                    </Link>
                  ) : (
                    <span className="faint">0</span>
                  )}
                </td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}
