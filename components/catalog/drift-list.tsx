import type { CatalogDriftView } from '@/lib/catalog-types';
import { formatDateTime } from '@/components/format/format';
import styles from './catalog.module.css';

/** Fields that appeared or changed type within a type and version, newest first. */
export function DriftList({ drift }: { drift: CatalogDriftView[] }) {
  if (drift.length === 0) return null;
  return (
    <section>
      <h2 className={styles.sectionTitle}>Drift</h2>
      <div className="panel table-wrap">
        <table className="table" data-testid="drift-table">
          <thead>
            <tr>
              <th>Event type</th>
              <th>Version</th>
              <th>Field</th>
              <th>Change</th>
              <th>First event</th>
              <th>Detected</th>
            </tr>
          </thead>
          <tbody>
            {drift.map((d) => (
              <tr key={d.id} data-testid="drift-row">
                <td className="mono">{d.eventType}</td>
                <td className="mono">{d.version || '—'}</td>
                <td className="mono">{d.path}</td>
                <td>{d.kind === 'added' ? `appeared (${d.after.join(' | ')})` : `type ${d.before.join(' | ')} → ${d.after.join(' | ')}`}</td>
                <td className="mono">#{d.eventId}</td>
                <td>{formatDateTime(d.detectedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
