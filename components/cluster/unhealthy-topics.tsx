import type { TopicSummary } from '@/lib/cluster-types';
import { formatCount } from '@/components/format/format';

/** Only rendered when something is wrong: the first thing on the page when it is. */
export function UnhealthyTopics({ topics }: { topics: TopicSummary[] }) {
  return (
    <section className="panel panel-error" aria-labelledby="unhealthy-title" data-testid="unhealthy-topics">
      <div className="panel-header">
        <h2 className="panel-title" id="unhealthy-title">
          Topics with unhealthy partitions
        </h2>
        <span className="muted small">{topics.length}</span>
      </div>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th>Topic</th>
              <th className="num">Offline</th>
              <th className="num">Under-replicated</th>
              <th className="num">Partitions</th>
              <th className="num">Replication</th>
            </tr>
          </thead>
          <tbody>
            {topics.map((t) => (
              <tr key={t.name} className={t.offlinePartitions > 0 ? 'row-danger' : 'row-warn'}>
                <td className="mono">{t.name}</td>
                <td className="num">{formatCount(t.offlinePartitions)}</td>
                <td className="num">{formatCount(t.underReplicatedPartitions)}</td>
                <td className="num">{formatCount(t.partitions)}</td>
                <td className="num">{t.replicationFactor}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
