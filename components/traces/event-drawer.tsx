'use client';

import { DrawerFacts, SideDrawer } from '@/components/ui/side-drawer';
import { useTraceEvent } from '@/components/api/use-traces';
import { formatCount, formatDateTime } from '@/components/format/format';
import { ErrorPanel } from '@/components/ui/error-panel';
import { OpenInMessageBrowser } from '@/components/messages/open-in-message-browser';
import type { EventPickup } from '@/lib/trace-types';
import { EventPickups } from './event-pickups';
import { decodeDeadLetterHeaders, storedHeaderBytes } from '@/lib/dead-letter-headers';
import { DeadLetterFacts } from '@/components/replay/dead-letter-facts';
import { prettyPayload } from './trace-format';
import styles from './traces.module.css';

/** One event in full: where it is in Kafka, its ids, headers and payload. Escape closes. */
export function EventDrawer({ id, pickups, onClose }: { id: string; pickups?: EventPickup[]; onClose: () => void }) {
  const { data, error } = useTraceEvent(id);
  return (
    <SideDrawer label="Event" title={data?.eventType ?? 'Event'} testId="event-drawer" widthPx={640} onClose={onClose}>
      {error && <ErrorPanel error={error} />}
      {data && (
        <>
          <DrawerFacts>
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
            <dd>{formatCount(data.size)} bytes (key and value, without headers)</dd>
            {data.problems.length > 0 && (
              <>
                <dt>Problems</dt>
                <dd>{data.problems.join(', ')}</dd>
              </>
            )}
          </DrawerFacts>
          <EventPickups pickups={pickups} eventTimestamp={data.timestamp} />
          <DeadLetterOf headers={data.headers} />
          <h3 className="small muted">Headers</h3>
          <DrawerFacts>
            {Object.entries(data.headers).map(([k, v]) => (
              <div key={k} style={{ display: 'contents' }}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </DrawerFacts>
          <h3 className="small muted">Payload ({data.payloadEncoding})</h3>
          <pre className={styles.payload} data-testid="event-payload">
            {prettyPayload(data.payloadEncoding, data.payloadPreview)}
          </pre>
        </>
      )}
    </SideDrawer>
  );
}

function DeadLetterOf({ headers }: { headers: Record<string, string> }) {
  const info = decodeDeadLetterHeaders(storedHeaderBytes(headers));
  return info ? <DeadLetterFacts info={info} /> : null;
}
