'use client';

import Link from 'next/link';
import { useCoverage } from '@/components/api/use-coverage';
import { formatCount } from '@/components/format/format';
import { ErrorPanel } from '@/components/ui/error-panel';
import { coverageRatios, type TopicCoverage } from '@/lib/coverage-types';
import { coverageCells, shareTone } from './coverage-format';
import styles from './traces.module.css';

const TONE = { ok: undefined, warn: 'badge-warn', danger: 'badge-danger' } as const;

function Share({ ratio, text }: { ratio: number; text: string }) {
  const tone = TONE[shareTone(ratio)];
  return tone ? <span className={`badge ${tone}`}>{text}</span> : <span>{text}</span>;
}

/**
 * Where tracing breaks, per topic: the share of stored events with each id, duplicate event
 * ids, and the conventions the ids came from. Collapsed by default under the search.
 */
export function CoverageTable() {
  const { data, error, refetch } = useCoverage();
  return (
    <details className={`panel ${styles.coverage}`} data-testid="coverage-panel">
      <summary>
        Id coverage per topic{data ? ` · ${data.topics.length} topics` : ''}
        <span className="faint small"> — events with each id since collection began; low shares are where traces break</span>
      </summary>
      {error && <ErrorPanel error={error} onRetry={() => void refetch()} />}
      {data && (
        <div className="table-wrap">
          <table className="table" data-testid="coverage-table">
            <thead>
              <tr>
                <th>Topic</th>
                <th className="num">Events</th>
                <th className="num">Correlation id</th>
                <th className="num">Causation id</th>
                <th className="num">Event id</th>
                <th className="num" title="Share of events whose event id was already stored at another offset of the topic, estimated from a sample of ids (1 in 16 by hash)">Duplicate ids</th>
                <th>Conventions</th>
              </tr>
            </thead>
            <tbody>
              {data.topics.length === 0 && (
                <tr>
                  <td colSpan={7} className="table-empty">The collector has stored no event yet.</td>
                </tr>
              )}
              {data.topics.map((t) => (
                <CoverageRow key={t.topic} c={t} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}

function CoverageRow({ c }: { c: TopicCoverage }) {
  const r = coverageRatios(c);
  const cells = coverageCells(c);
  return (
    <tr data-testid="coverage-row" data-topic={c.topic}>
      <td>
        <Link className="mono" href={`/traces?topic=${encodeURIComponent(c.topic)}`}>
          {c.topic}
        </Link>
      </td>
      <td className="num">{formatCount(c.events)}</td>
      <td className="num">
        <Share ratio={r.correlation} text={cells.correlation} />
      </td>
      <td className="num">
        <Share ratio={r.causation} text={cells.causation} />
      </td>
      <td className="num">
        <Share ratio={r.eventId} text={cells.eventId} />
      </td>
      <td className="num" title={`${formatCount(c.duplicateEventIds)} duplicates among ${formatCount(c.duplicatesChecked)} events checked`}>
        {c.duplicateEventIds > 0 ? <span className="badge badge-warn">{cells.duplicates}</span> : cells.duplicates}
      </td>
      <td className="small" style={{ whiteSpace: 'normal', minWidth: 260 }}>
        {c.conventions.map((x) => (
          <span key={x.name} className="badge" title={`${formatCount(x.events)} events`} style={{ marginRight: 4 }}>
            {x.name}
          </span>
        ))}
        {c.conventions.length === 0 && <span className="faint">none</span>}
        {c.deadLetters > 0 && <span className="badge badge-danger">{formatCount(c.deadLetters)} dead letters</span>}
      </td>
    </tr>
  );
}
