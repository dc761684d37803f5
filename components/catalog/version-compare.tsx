'use client';

import { useState } from 'react';
import type { CatalogEntryDetail } from '@/lib/catalog-types';
import { summarizeDiff } from '@/lib/version-diff';
import { versionLabel } from '@/lib/type-family';
import { useVersionDiff } from '@/components/api/use-catalog';
import { ErrorPanel } from '@/components/ui/error-panel';
import { defaultCompare } from './catalog-format';
import { DiffTable } from './diff-table';
import { ProducerRatesTable } from './producer-rates-table';
import styles from './catalog.module.css';

const keyOf = (s: { eventType: string; version: string }) => `${s.eventType}\u0000${s.version}`;

/** Two versions of one type side by side: what changed, and who still sends the older one, how fast. */
export function VersionCompare({ detail }: { detail: CatalogEntryDetail }) {
  const e = detail.entry;
  const [other, setOther] = useState(() => defaultCompare(e, detail.siblings));
  const [changedOnly, setChangedOnly] = useState(true);
  // The older version on the left: versions compare as numbers where they are numbers.
  const otherOlder = other !== null && other.version.localeCompare(e.version, undefined, { numeric: true }) < 0;
  const from = other && otherOlder ? { cluster: e.cluster, type: other.eventType, version: other.version } : { cluster: e.cluster, type: e.eventType, version: e.version };
  const to = other ? (otherOlder ? { type: e.eventType, version: e.version } : { type: other.eventType, version: other.version }) : null;
  const diff = useVersionDiff(from, to);
  if (!other) return null;
  const fromLabel = versionLabel(from.version);
  const toLabel = versionLabel(to!.version);
  const counts = diff.data ? summarizeDiff(diff.data.rows) : null;

  return (
    <section className="panel" data-testid="version-compare">
      <div className="panel-header">
        <h2 className="panel-title">Versions side by side</h2>
        <label className="small">
          {versionLabel(e.version)} with{' '}
          <select
            className="select"
            data-testid="compare-with"
            value={keyOf(other)}
            onChange={(ev) => setOther(detail.siblings.find((s) => keyOf(s) === ev.target.value) ?? other)}
          >
            {detail.siblings.map((s) => (
              <option key={keyOf(s)} value={keyOf(s)}>
                {versionLabel(s.version)} {s.eventType !== e.eventType ? `(${s.eventType})` : ''}
              </option>
            ))}
          </select>
        </label>
        {counts && (
          <span className="small" data-testid="diff-summary">
            {fromLabel} → {toLabel}: {counts.added} added · {counts.removed} removed · {counts['type-changed']} type changed
            {counts.presenceShifts > 0 && ` · ${counts.presenceShifts} presence shifts`}
          </span>
        )}
        <label className="small page-header-end">
          <input type="checkbox" className="checkbox" checked={changedOnly} onChange={(ev) => setChangedOnly(ev.target.checked)} /> changes only
        </label>
      </div>
      {diff.isError && <ErrorPanel error={diff.error} onRetry={() => void diff.refetch()} />}
      {diff.data && (
        <div className={styles.panelBody}>
          <DiffTable rows={diff.data.rows} from={fromLabel} to={toLabel} changedOnly={changedOnly} />
          <div className={styles.columns} style={{ marginTop: 16 }}>
            <div data-testid="older-producers">
              <h3 className={styles.sectionTitle}>Who still sends {fromLabel}</h3>
              <ProducerRatesTable producers={diff.data.producers.from} testId="producer-rates-from" />
            </div>
            <div>
              <h3 className={styles.sectionTitle}>Who sends {toLabel}</h3>
              <ProducerRatesTable producers={diff.data.producers.to} testId="producer-rates-to" />
            </div>
          </div>
        </div>
      )}
    </section>
  );
}
