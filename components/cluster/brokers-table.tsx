import type { BrokerInfo } from '@/lib/cluster-types';
import { sortBrokers } from './cluster-summary';

export function BrokersTable({ brokers }: { brokers: BrokerInfo[] }) {
  return (
    <section className="panel" aria-labelledby="brokers-title">
      <div className="panel-header">
        <h2 className="panel-title" id="brokers-title">
          Brokers
        </h2>
        <span className="muted small">{brokers.length} online</span>
      </div>
      <div className="table-wrap">
        <table className="table" data-testid="brokers-table">
          <thead>
            <tr>
              <th className="num">ID</th>
              <th>Address</th>
              <th>Rack</th>
              <th>Role</th>
            </tr>
          </thead>
          <tbody>
            {sortBrokers(brokers).map((b) => (
              <tr key={b.nodeId} data-testid="broker-row" data-controller={b.isController || undefined}>
                <td className="num">{b.nodeId}</td>
                <td className="mono">
                  {b.host}:{b.port}
                </td>
                <td className={b.rack ? '' : 'faint'}>{b.rack ?? '—'}</td>
                <td>
                  {b.isController ? (
                    <span className="badge badge-accent">controller</span>
                  ) : (
                    <span className="faint">broker</span>
                  )}
                </td>
              </tr>
            ))}
            {brokers.length === 0 && (
              <tr>
                <td colSpan={4} className="table-empty">
                  No brokers reported.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
