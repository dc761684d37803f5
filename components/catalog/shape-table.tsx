import type { CatalogEntryView } from '@/lib/catalog-types';
import { formatCount } from '@/components/format/format';
import { shapeRows } from './shape-rows';
import styles from './catalog.module.css';

/** The observed shape of one type and version: each field, its types, presence and examples. */
export function ShapeTable({ entry }: { entry: CatalogEntryView }) {
  const rows = shapeRows(entry.shape);
  return (
    <div data-testid="shape-table">
      <p className="small muted">
        Observed shape of {formatCount(entry.shape.seen)} JSON payloads
        {entry.unshapedCount > 0 && ` (${formatCount(entry.unshapedCount)} not JSON or cut, left out)`} · latest event #{entry.sampleEventId}
      </p>
      <table className={`table ${styles.shape}`}>
        <thead>
          <tr>
            <th>Field</th>
            <th>Types</th>
            <th className="num">Present</th>
            <th>Examples</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.path} data-testid="shape-field" data-path={r.path}>
              <td className="mono" style={{ paddingLeft: 8 + r.depth * 16 }}>
                {r.path.split('.').at(-1)}
              </td>
              <td className="mono">
                {r.types.map((t) => (
                  <span key={t} className={`badge ${r.types.length > 1 ? 'badge-warn' : ''} ${styles.type}`}>
                    {t}
                  </span>
                ))}
              </td>
              <td className="num">{r.presence === null ? '' : `${r.presence}%`}</td>
              <td className={`mono ${styles.examples}`}>{r.examples.join('  ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
