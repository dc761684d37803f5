import type { ProducerRate } from '@/lib/catalog-types';
import { formatCount, formatDateTime, formatRate } from '@/components/format/format';

/** Who sends a type and version, and how fast over the last 5 minutes and hour (by the events' own time). */
export function ProducerRatesTable({ producers, testId = 'producer-rates' }: { producers: ProducerRate[]; testId?: string }) {
  if (!producers.length) return <p className="muted small" data-testid={testId}>No producer sent it in the last hour.</p>;
  return (
    <table className="table" data-testid={testId}>
      <thead>
        <tr>
          <th>Producer</th>
          <th className="num">Last 5 min</th>
          <th className="num">Rate</th>
          <th className="num">Last hour</th>
          <th className="num">Rate</th>
          <th>Last sent</th>
        </tr>
      </thead>
      <tbody>
        {producers.map((p) => (
          <tr key={p.source} data-testid="producer-rate" data-source={p.source || '(none)'} data-still={p.events5m > 0 ? 'true' : 'false'}>
            <td className="mono">{p.source || <span className="faint">(no source)</span>}</td>
            <td className="num">{formatCount(p.events5m)}</td>
            <td className="num">{formatRate(p.perSecond5m)}</td>
            <td className="num">{formatCount(p.events1h)}</td>
            <td className="num">{formatRate(p.perSecond1h)}</td>
            <td>{p.lastMinute ? `${formatDateTime(p.lastMinute).slice(0, 16)}` : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
