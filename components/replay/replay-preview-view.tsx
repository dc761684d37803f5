'use client';

import type { ReplayPreview } from '@/lib/replay-types';
import { formatCount } from '@/components/format/format';
import { skipReasonText } from './replay-format';
import type { StoredSchema } from '@/lib/trace-types';

/** A dry run's answer: how many match, where they would go, and the first ones as they would be sent. */
export function ReplayPreviewView({ preview }: { preview: ReplayPreview }) {
  const skipped = Object.entries(preview.counts.skipped);
  return (
    <div data-testid="replay-preview">
      <p>
        <strong data-testid="replay-preview-matched">{formatCount(preview.counts.matched)}</strong> of {formatCount(preview.counts.read)} records read match
        {preview.partial && ' (the dry run stopped at its read limit: there may be more)'}.
      </p>
      <ul className="small">
        {Object.entries(preview.perTarget).map(([topic, n]) => (
          <li key={topic}>
            {formatCount(n)} → <span className="mono">{topic}</span>
          </li>
        ))}
        {skipped.map(([reason, n]) => (
          <li key={reason} className="muted">
            {formatCount(n ?? 0)} skipped: {skipReasonText(reason)}
          </li>
        ))}
      </ul>
      {preview.sample.length > 0 && (
        <div className="table-wrap" style={{ maxHeight: 240, overflow: 'auto' }}>
          <table className="table small">
            <thead>
              <tr>
                <th>Source</th>
                <th>Target</th>
                <th>Key</th>
                <th>Value</th>
              </tr>
            </thead>
            <tbody>
              {preview.sample.map((r) => (
                <tr key={`${r.source.topic}/${r.source.partition}/${r.source.offset}`}>
                  <td className="mono">
                    {r.source.topic}/{r.source.partition}/{r.source.offset}
                  </td>
                  <td className="mono">
                    {r.target.topic}
                    {r.target.partition !== null && `/${r.target.partition}`}
                  </td>
                  <td className="mono">{r.key ?? <span className="faint">null</span>}</td>
                  <td className="mono" title={r.value ?? ''}>
                    {r.schema?.value && (
                      <>
                        <SchemaBadge schema={r.schema.value} />{' '}
                      </>
                    )}
                    {(r.value ?? '').slice(0, 80)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** A registry-encoded value: decoded with this subject and version, or left as hex (the reason on hover). */
function SchemaBadge({ schema }: { schema: StoredSchema }) {
  if ('error' in schema) {
    return (
      <span className="badge badge-warn" title={schema.error}>
        schema {schema.id}: not decoded
      </span>
    );
  }
  return (
    <span className="badge" title={`${schema.name ?? ''} (schema id ${schema.id})`}>
      {schema.subject ?? `schema ${schema.id}`}
      {schema.version !== null && ` · v${schema.version}`}
    </span>
  );
}
