import type { MessagePage } from '@/lib/message-types';
import { formatCount } from '@/components/format/format';
import type { BrowseState } from './browse-state';
import styles from './messages.module.css';

/** What the page shows, and buttons to the older, newer and newest records of the partition. */
export function MessagePager({ page, state, onGo }: { page: MessagePage; state: BrowseState; onGo: (s: BrowseState) => void }) {
  const first = page.records[0];
  const last = page.records.at(-1);
  const range = page.partitions.find((p) => p.partition === page.partition);
  const go = (start: BrowseState['start']) => onGo({ ...state, start });
  return (
    <div className={styles.pager} data-testid="messages-pager">
      <span className="muted small" data-testid="messages-summary">
        {page.partition === null
          ? `${formatCount(page.records.length)} records across ${page.partitions.length} partitions, by time`
          : first && last
            ? `Offsets ${formatCount(first.offset)}–${formatCount(last.offset)} of partition ${page.partition}`
            : `No records here in partition ${page.partition}`}
        {range && ` (log ${formatCount(range.logStart)}–${formatCount(Math.max(range.logEnd - 1, range.logStart))})`}
      </span>
      {page.partition !== null && (
        <span className={styles.pagerButtons}>
          <button type="button" className="btn btn-small" disabled={!page.hasOlder} onClick={() => go({ kind: 'before', offset: first?.offset ?? page.resolvedOffset ?? range?.logEnd ?? 0 })} data-testid="messages-older">
            ← Older
          </button>
          <button type="button" className="btn btn-small" disabled={!page.hasNewer || !last} onClick={() => last && go({ kind: 'from', offset: last.offset + 1 })} data-testid="messages-newer">
            Newer →
          </button>
          <button type="button" className="btn btn-small" disabled={state.start.kind === 'newest'} onClick={() => go({ kind: 'newest' })}>
            Newest
          </button>
        </span>
      )}
    </div>
  );
}
