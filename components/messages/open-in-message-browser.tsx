import Link from 'next/link';
import { messageHref } from './browse-state';

/** A link to one record in the message browser (from a trace event, a lag row…). Offsets may come as strings (64-bit). */
export function OpenInMessageBrowser({ topic, partition, offset, className }: { topic: string; partition: number; offset: number | string; className?: string }) {
  return (
    <Link href={messageHref(topic, { partition, offset })} className={className} data-testid="open-in-message-browser">
      Open in message browser
    </Link>
  );
}
