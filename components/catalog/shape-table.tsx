import type { CatalogEntryView } from '@/lib/catalog-types';
import type { SchemaComparison } from '@/lib/schema-compare';
import { formatCount } from '@/components/format/format';
import { shapeRows } from './shape-rows';
import styles from './catalog.module.css';

/**
 * The observed shape of one type and version: each field, its types, presence and
 * examples; with a registered schema, fields it lacks or types it does not allow are marked.
 */
export function ShapeTable({ entry, comparison }: { entry: CatalogEntryView; comparison?: SchemaComparison | null }) {
  const rows = shapeRows(entry.shape);
  const wireOnly = new Set(comparison?.onWireOnly.map((w) => w.path));
  const mismatch = new Set(comparison?.typeMismatches.map((m) => m.path));
  const mark = (path: string) => (wireOnly.has(path) ? 'not-in-schema' : mismatch.has(path) ? 'type-off-schema' : null);
  return (
    <div data-testid="shape-table">
      <p className="small muted">
        Observed shape of {formatCount(entry.shape.seen)} JSON payloads
        {entry.unshapedCount > 0 && ` (${formatCount(entry.unshapedCount)} not JSON or cut, left out)`}
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
          {rows.map((r) => {
            const m = mark(r.path);
            return (
              <tr key={r.path} data-testid="shape-field" data-path={r.path} data-mark={m ?? ''} className={m === 'not-in-schema' ? styles.wireOnly : m ? styles.mismatch : ''}>
                <td className="mono" style={{ paddingLeft: 8 + r.depth * 16 }} title={m ? (m === 'not-in-schema' ? 'on the wire, not in the registered schema' : 'a type the registered schema does not allow') : undefined}>
                  {r.path.split('.').at(-1)}
                  {m && <span className="faint small"> {m === 'not-in-schema' ? '· not in schema' : '· type off schema'}</span>}
                </td>
                <td className="mono">
                  {r.types.map((t) => (
                    <span key={t} className={`badge ${r.types.length > 1 ? 'badge-warn' : ''} ${styles.type}`}>
                      {t}
                    </span>
                  ))}
                </td>
                <td className="num">{r.presence === null ? '' : `${r.presence}%`}</td>
                <td className={`mono cell-fill ${styles.examples}`} title={r.examples.join('  ')}>
                  {r.examples.join('  ')}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
