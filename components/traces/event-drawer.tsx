'use client';

import { DrawerFacts, SideDrawer } from '@/components/ui/side-drawer';
import { useTraceEvent } from '@/components/api/use-traces';
import { formatCount, formatDateTime } from '@/components/format/format';
import { ErrorPanel } from '@/components/ui/error-panel';
import { OpenInMessageBrowser } from '@/components/messages/open-in-message-browser';
import type { EventPickup } from '@/lib/trace-types';
import { EventPickups } from './event-pickups';
import { decodeDeadLetterHeaders, storedHeaderBytes } from '@/lib/dead-letter-headers';
import { copyWriterLabel } from '@/lib/copy-writer';
import { DeadLetterFacts } from '@/components/replay/dead-letter-facts';
import { idSourceList, parseRecordRef, payloadKind, payloadText } from './trace-format';
import { PayloadSchemaLines } from './payload-schema';
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
            {data.writer && (
              <>
                <dt>Written by</dt>
                <dd data-testid="event-copy-writer">{copyWriterLabel(data.writer)}</dd>
              </>
            )}
            <dt>Source</dt>
            <dd>
              {data.source ?? '—'}
              {data.writer && data.source && <span className="faint small"> (the origin this copy kept)</span>}
            </dd>
            {data.eventVersion && (
              <>
                <dt>Version</dt>
                <dd data-testid="event-version">{data.eventVersion}</dd>
              </>
            )}
            <dt>Ids read by</dt>
            <dd data-testid="event-id-sources">
              <IdSources idSources={data.idSources} />
            </dd>
            {data.deadLetterOf && (
              <>
                <dt>Dead-letter copy of</dt>
                <dd data-testid="event-dead-letter-of">
                  <DeadLetterOf refText={data.deadLetterOf} />
                </dd>
              </>
            )}
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
          <DeadLetterHeaders headers={data.headers} />
          <h3 className="small muted">Headers</h3>
          <DrawerFacts>
            {Object.entries(data.headers).map(([k, v]) => (
              <div key={k} style={{ display: 'contents' }}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </DrawerFacts>
          <h3 className="small muted">Payload ({payloadKind(data)})</h3>
          <PayloadSchemaLines schema={data.payloadSchema} />
          <pre className={styles.payload} data-testid="event-payload">
            {payloadText(data)}
          </pre>
        </>
      )}
    </SideDrawer>
  );
}

function DeadLetterHeaders({ headers }: { headers: Record<string, string> }) {
  const info = decodeDeadLetterHeaders(storedHeaderBytes(headers));
  return info ? <DeadLetterFacts info={info} /> : null;
}

/** Which convention gave each id (docs/architecture.md, "Id conventions and their precedence"). */
function IdSources({ idSources }: { idSources: Record<string, string> }) {
  const list = idSourceList(idSources);
  if (list.length === 0) return <span className="faint">no convention matched: known by topic/partition/offset</span>;
  return (
    <>
      {list.map(([label, convention], i) => (
        <span key={label}>
          {i > 0 && ' · '}
          {label}: <span className="badge">{convention}</span>
        </span>
      ))}
    </>
  );
}

function DeadLetterOf({ refText }: { refText: string }) {
  const ref = parseRecordRef(refText);
  return (
    <>
      <span className="mono">{refText}</span>
      {ref && (
        <>
          {' '}
          · <OpenInMessageBrowser topic={ref.topic} partition={ref.partition} offset={ref.offset} />
        </>
      )}
    </>
  );
}
