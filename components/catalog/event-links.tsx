import Link from 'next/link';
import type { EventRef } from '@/lib/catalog-types';
import { messageHref } from '@/components/messages/browse-state';
import { traceHref } from './catalog-format';

/** Links to one stored event: its trace (with the event open) and its record in the message browser. */
export function EventLinks({ event, eventId }: { event: EventRef | null; eventId?: string }) {
  if (!event) return <span className="faint small">{eventId ? `event #${eventId} no longer stored` : '—'}</span>;
  const trace = traceHref(event);
  return (
    <span className="small" data-testid="event-links" data-event={event.id}>
      {trace ? (
        <Link href={trace} data-testid="event-trace-link">
          trace
        </Link>
      ) : (
        <span className="faint" title="The event carries no correlation id">
          no trace
        </span>
      )}
      {' · '}
      <Link
        href={messageHref(event.topic, { partition: event.partition, offset: event.offset })}
        data-testid="event-record-link"
        title={`${event.topic}, partition ${event.partition}, offset ${event.offset}`}
      >
        record {event.partition}:{event.offset}
      </Link>
    </span>
  );
}
