'use client';

import { useCollectorHealth } from '@/components/api/use-traces';
import { formatCount, formatDateTime } from '@/components/format/format';
import type { CollectorHealth } from '@/lib/trace-types';
import { formatDuration } from './trace-format';
import styles from './traces.module.css';

/** The collector's own health, in one line, and a line per partition held up by an undecodable batch. */
export function CollectorStrip() {
  const { data } = useCollectorHealth();
  if (!data) return null;
  const problems = Object.entries(data.problems);
  const lag = data.lag.reduce((s, l) => s + l.lag, 0);
  return (
    <>
      <div className={`${styles.health} muted`} data-testid="collector-health">
        <span>
          Collector: <CollectorState health={data} />
        </span>
        <span>{formatCount(data.eventsPerSecond)} events/s</span>
        <span>{formatCount(data.eventsStored)} stored since start</span>
        {data.lastBatch && (
          <span>
            last batch {formatCount(data.lastBatch.size)} in {formatDuration(data.lastBatch.ms)}
          </span>
        )}
        <span title={data.lag.map((l) => `${l.topic}: ${l.lag}`).join('\n')}>lag {formatCount(lag)} over {data.topics.length} topics</span>
        {problems.length > 0 && (
          <span title="Records stored with a problem (binary, invalid UTF-8, unparsable JSON, truncated, malformed traceparent…)">
            problems: {problems.map(([k, v]) => `${k.replace(/_/g, ' ')} ${v}`).join(', ')}
          </span>
        )}
        {data.writeErrors > 0 && <span className="badge badge-danger">{data.writeErrors} write errors</span>}
      </div>
      {data.waitingPartitions.length > 0 && (
        <ul className={`${styles.waiting} muted`} data-testid="collector-waiting">
          {data.waitingPartitions.map((w) => (
            <li key={`${w.topic}/${w.partition}`} title={w.reason}>
              <span className="badge badge-warn">waiting</span> {w.topic} partition {w.partition} at offset {w.offset}: undecodable batch since {formatDateTime(w.since)}, next try{' '}
              {formatDateTime(w.nextCheckAt)}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function CollectorState({ health }: { health: CollectorHealth }) {
  if (health.state === 'restarting' && health.restart) {
    return (
      <>
        <strong className="badge badge-warn" data-testid="collector-state">
          restarting
        </strong>{' '}
        <span title={health.restart.reason}>
          attempt {health.restart.attempt}, next try {formatDateTime(health.restart.nextTryAt)}: {health.restart.reason}
        </span>
      </>
    );
  }
  if (health.state === 'running') return <strong data-testid="collector-state">running</strong>;
  return (
    <strong className="faint" data-testid="collector-state">
      {health.groupId ? 'stopped' : 'not running in this server'}
    </strong>
  );
}
