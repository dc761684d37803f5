import Link from 'next/link';
import type { CatalogDriftView, RegistryDriftView } from '@/lib/catalog-types';
import { versionLabel } from '@/lib/type-family';
import { formatDateTime } from '@/components/format/format';
import { driftChangeText, entryHref, KIND_LABEL } from './catalog-format';
import { EventLinks } from './event-links';

/**
 * Drift, newest first: fields that appeared or changed type within a type and version
 * (stored, with the first event that showed them), then what the registry shows against
 * the wire now (found when read).
 */
export function DriftTable({ drift, registry, showType = true }: { drift: CatalogDriftView[]; registry: RegistryDriftView[]; showType?: boolean }) {
  return (
    <div className="panel table-wrap">
      <table className="table" data-testid="drift-table">
        <thead>
          <tr>
            {showType && <th>Event type</th>}
            <th>Field</th>
            <th>Drift</th>
            <th>Change</th>
            <th>First event</th>
            <th>Seen</th>
          </tr>
        </thead>
        <tbody>
          {drift.length + registry.length === 0 && (
            <tr>
              <td colSpan={showType ? 6 : 5} className="table-empty">
                No drift matches. Drift counts once a type and version has 20 shaped payloads.
              </td>
            </tr>
          )}
          {registry.map((r, i) => (
            <tr key={`r${i}`} data-testid="drift-row" data-kind={r.kind} data-type={r.eventType} data-path={r.path ?? ''}>
              {showType && (
                <td className="mono">
                  <Link href={entryHref(r)}>{r.eventType}</Link> {versionLabel(r.version)}
                </td>
              )}
              <td className="mono">{r.path ?? '—'}</td>
              <td>
                <span className="badge badge-danger">{KIND_LABEL[r.kind]}</span>
              </td>
              <td className="small cell-wrap">
                {r.detail} <span className="faint">({r.subject} v{r.schemaVersion})</span>
              </td>
              <td>{r.event ? <EventLinks event={r.event} /> : <span className="faint small">—</span>}</td>
              <td className="faint small">now</td>
            </tr>
          ))}
          {drift.map((d) => (
            <tr key={d.id} data-testid="drift-row" data-kind={d.kind} data-type={d.eventType} data-path={d.path}>
              {showType && (
                <td className="mono">
                  <Link href={entryHref(d)}>{d.eventType}</Link> {versionLabel(d.version)}
                </td>
              )}
              <td className="mono">{d.path}</td>
              <td>
                <span className="badge badge-warn">{KIND_LABEL[d.kind]}</span>
              </td>
              <td className="mono small">{driftChangeText(d.kind, d.before, d.after)}</td>
              <td>
                <EventLinks event={d.event} eventId={d.eventId} />
              </td>
              <td className="small">{formatDateTime(d.seenAt ?? d.detectedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
