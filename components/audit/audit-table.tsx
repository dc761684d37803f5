import type { AuditEntryView } from '@/lib/audit-types';
import { formatDateTime } from '@/components/format/format';
import { formatAuditDetail, outcomeBadge, truncate } from './audit-format';

export function AuditTable({ entries, loading }: { entries: AuditEntryView[]; loading: boolean }) {
  return (
    <div className="panel table-wrap" aria-busy={loading} style={{ opacity: loading ? 0.6 : 1 }}>
      <table className="table" data-testid="audit-table">
        <thead>
          <tr>
            <th>Time</th>
            <th>Who</th>
            <th>Action</th>
            <th>Target</th>
            <th>Outcome</th>
            <th>From</th>
            <th>Detail</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => {
            const detail = formatAuditDetail(e.detail);
            return (
              <tr key={e.id} data-testid="audit-row" data-action={e.action} data-outcome={e.outcome}>
                <td className="num" style={{ textAlign: 'left' }} title={e.at}>
                  {formatDateTime(e.at)}
                </td>
                <td>
                  {e.actor}
                  {e.role && <span className="faint small"> · {e.role}</span>}
                </td>
                <td className="mono">{e.action}</td>
                <td className="mono">{e.target ?? <span className="faint">—</span>}</td>
                <td>
                  <span className={outcomeBadge[e.outcome] ?? 'badge'}>{e.outcome}</span>
                </td>
                <td className="mono muted">{e.ip ?? '—'}</td>
                <td className="mono muted small cell-fill" title={detail || undefined}>
                  {truncate(detail)}
                </td>
              </tr>
            );
          })}
          {entries.length === 0 && (
            <tr>
              <td colSpan={7} className="table-empty">
                Nothing recorded yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
