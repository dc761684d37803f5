'use client';

import { useEscapeKey } from '@/components/ui/use-escape-key';
import { useTraceEvent } from '@/components/api/use-traces';
import { formatCount, formatDateTime } from '@/components/format/format';
import { ErrorPanel } from '@/components/ui/error-panel';
import { OpenInMessageBrowser } from '@/components/messages/open-in-message-browser';
import type { EventPickup } from '@/lib/trace-types';
import { EventPickups } from './event-pickups';
import { prettyPayload } from './trace-format';
import styles from './traces.module.css';

/** One event in full: where it is in Kafka, its ids, headers and payload. Escape closes. */
export function EventDrawer({ id, pickups, onClose }: { id: string; pickups?: EventPickup[]; onClose: () => void }) {
  const { data, error } = useTraceEvent(id);
  useEscapeKey(onClose);

  return (
    <aside className={styles.drawer} aria-label="Event" data-testid="event-drawer">
      <div className={styles.drawerHeader}>
        <h2 className="panel-title">{data?.eventType ?? 'Event'}</h2>
        <button type="button" className="btn btn-small" onClick={onClose}>
          Close
        </button>
      </div>
      {error && <ErrorPanel error={error} />}
      {data && (
        <>
          <dl className={styles.kv}>
            <dt>Topic</dt>
            <dd>{data.topic}</dd>
            <dt>Partition / offset</dt>
            <dd>
              {data.partition} / {data.offset} · <OpenInMessageBrowser topic={data.topic} partition={data.partition} offset={data.offset} />
            </dd>
            <dt>Time</dt>
            <dd>{formatDateTime(data.timestamp)}</dd>
            <dt>Key</dt>
            <dd>{data.key ?? '—'}</dd>
            <dt>Event id</dt>
            <dd>{data.eventId}</dd>
            <dt>Caused by</dt>
            <dd>{data.causationId ?? '—'}</dd>
            <dt>Source</dt>
            <dd>{data.source ?? '—'}</dd>
            <dt>Size</dt>
            <dd>{formatCount(data.size)} bytes</dd>
            {data.problems.length > 0 && (
              <>
                <dt>Problems</dt>
                <dd>{data.problems.join(', ')}</dd>
              </>
            )}
          </dl>
          <EventPickups pickups={pickups} eventTimestamp={data.timestamp} />
          <h3 className="small muted">Headers</h3>
          <dl className={styles.kv}>
            {Object.entries(data.headers).map(([k, v]) => (
              <div key={k} style={{ display: 'contents' }}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
          <h3 className="small muted">Payload ({data.payloadEncoding})</h3>
          <pre className={styles.payload} data-testid="event-payload">
            {prettyPayload(data.payloadEncoding, data.payloadPreview)}
          </pre>
        </>
      )}
    </aside>
  );
}
