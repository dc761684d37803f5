import Link from 'next/link';
import type { TopicSummary } from '@/lib/cluster-types';
import { formatCount, formatRate } from '@/components/format/format';

export function BusiestTopics({ topics }: { topics: TopicSummary[] }) {
  return (
    <section className="panel" aria-labelledby="busiest-title">
      <div className="panel-header">
        <h2 className="panel-title" id="busiest-title">
          Busiest topics
        </h2>
        <Link href="/topics?sort=messagesPerSecond&dir=desc" className="small" style={{ marginLeft: 'auto' }}>
          All topics →
        </Link>
      </div>
      <div className="table-wrap">
        <table className="table" data-testid="busiest-topics">
          <thead>
            <tr>
              <th>Topic</th>
              <th className="num">Messages/s</th>
              <th className="num">Messages</th>
            </tr>
          </thead>
          <tbody>
            {topics.map((t) => (
              <tr key={t.name}>
                <td className="mono">{t.name}</td>
                <td className="num">{formatRate(t.messagesPerSecond)}</td>
                <td className="num">{formatCount(t.messages)}</td>
              </tr>
            ))}
            {topics.length === 0 && (
              <tr>
                <td colSpan={3} className="table-empty">
                  No messages flowing right now.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
