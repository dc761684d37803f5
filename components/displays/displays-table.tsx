'use client';

import type { DisplayTokenView } from '@/lib/wall-types';
import { errorMessage } from '@/components/data/api-client';
import { useRevokeDisplay } from '@/components/api/use-displays';
import { formatDateTime } from '@/components/format/format';

const STATUS_BADGE: Record<DisplayTokenView['status'], string> = { active: 'badge badge-ok', expired: 'badge badge-warn', revoked: 'badge badge-danger' };

export function DisplaysTable({ displays }: { displays: DisplayTokenView[] }) {
  const revoke = useRevokeDisplay();
  if (!displays.length) return <div className="panel" style={{ padding: 16 }}>No displays yet. Create a link for the team room&apos;s screen.</div>;
  return (
    <div className="panel table-wrap">
      {revoke.isError && (
        <p className="alert alert-danger" role="alert">
          {errorMessage(revoke.error)}
        </p>
      )}
      <table className="table" data-testid="displays-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Boards</th>
            <th>Status</th>
            <th>Last seen</th>
            <th>From</th>
            <th>Expires</th>
            <th>Created</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {displays.map((d) => (
            <tr key={d.id} data-testid="display-row" data-name={d.name}>
              <td>{d.name}</td>
              <td>{d.boards.join(', ')}</td>
              <td>
                <span className={STATUS_BADGE[d.status]} data-testid="display-status">
                  {d.status}
                </span>
              </td>
              <td className={d.lastSeenAt ? '' : 'faint'}>{d.lastSeenAt ? formatDateTime(d.lastSeenAt) : 'never'}</td>
              <td className="mono">{d.lastSeenIp ?? '—'}</td>
              <td>{d.expiresAt ? formatDateTime(d.expiresAt) : 'never'}</td>
              <td>
                {formatDateTime(d.createdAt)} by {d.createdBy}
              </td>
              <td>
                {d.status === 'active' && (
                  <button
                    type="button"
                    className="btn btn-danger"
                    disabled={revoke.isPending}
                    onClick={() => {
                      if (window.confirm(`Revoke "${d.name}"? Its screen goes blank within seconds.`)) revoke.mutate(d.id);
                    }}
                    data-testid="revoke-display"
                  >
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
