import Link from 'next/link';
import type { CatalogEntryDetail } from '@/lib/catalog-types';
import { formatCount, formatDateTime, formatRate } from '@/components/format/format';
import { messageHref } from '@/components/messages/browse-state';
import { StatusBadge } from '@/components/lag/status-badge';
import { EventLinks } from './event-links';
import { ProducerRatesTable } from './producer-rates-table';
import styles from './catalog.module.css';

/** Where a type and version travels: its topics, times and rate, a sample, who sends it and who reads it. */
export function EntryOverview({ detail }: { detail: CatalogEntryDetail }) {
  const e = detail.entry;
  return (
    <div className={styles.columns}>
      <section className="panel" data-testid="entry-facts">
        <dl className={styles.facts}>
          <dt>Topics</dt>
          <dd>
            {e.topics.map((t, i) => (
              <span key={t}>
                {i > 0 && ', '}
                <Link href={messageHref(t)}>{t}</Link>
              </span>
            ))}
          </dd>
          <dt>Events</dt>
          <dd>
            {formatCount(e.eventCount)}
            {e.unshapedCount > 0 && <span className="faint"> ({formatCount(e.unshapedCount)} not JSON or cut: not in the shape)</span>}
          </dd>
          <dt>First seen</dt>
          <dd>{formatDateTime(e.firstAt)}</dd>
          <dt>Last seen</dt>
          <dd>{formatDateTime(e.lastAt)}</dd>
          <dt>Rate</dt>
          <dd>{formatRate(e.ratePerSecond)} on average between the two</dd>
          <dt>Sample event</dt>
          <dd data-testid="entry-sample">
            <EventLinks event={detail.sample} eventId={e.sampleEventId} />
            {detail.sample && <span className="faint small"> · {formatDateTime(detail.sample.timestamp)}</span>}
          </dd>
        </dl>
      </section>
      <section className="panel">
        <div className="panel-header">
          <h2 className="panel-title">Consumers</h2>
          <span className="faint small">groups reading its topics now</span>
        </div>
        {e.consumers.length === 0 ? (
          <p className="panel-message">No consumer group reads its topics.</p>
        ) : (
          <table className="table" data-testid="entry-consumers">
            <thead>
              <tr>
                <th>Group</th>
                <th>Topics</th>
                <th>Status</th>
                <th className="num">Lag</th>
                <th className="num">Reading</th>
                <th className="num">Members</th>
              </tr>
            </thead>
            <tbody>
              {e.consumers.map((c) => (
                <tr key={c.groupId} data-testid="entry-consumer" data-group={c.groupId}>
                  <td className="mono">
                    <Link href={`/groups/${encodeURIComponent(c.groupId)}`}>{c.groupId}</Link>
                  </td>
                  <td className="mono small">{c.topics.join(', ')}</td>
                  <td>
                    <StatusBadge status={c.status} />
                  </td>
                  <td className="num">{formatCount(c.lag)}</td>
                  <td className="num">{formatRate(c.consumeRate)}</td>
                  <td className="num">{c.members}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel" style={{ gridColumn: '1 / -1' }}>
        <div className="panel-header">
          <h2 className="panel-title">Producers</h2>
          <span className="faint small">by the events’ own time</span>
        </div>
        <ProducerRatesTable producers={detail.producers} />
      </section>
    </div>
  );
}
