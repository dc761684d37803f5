'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import type { MessageRecord, PartitionRange } from '@/lib/message-types';
import { ApiError } from '@/components/data/api-client';
import { ErrorPanel } from '@/components/ui/error-panel';
import { apiSearch, browseSearch, parseBrowseState, type BrowseState } from './browse-state';
import { MessageDetail } from './message-detail';
import { MessagePager } from './message-pager';
import { MessageTable, recordId } from './message-table';
import { MessageToolbar } from './message-toolbar';
import { MessageReplayActions } from '@/components/replay/message-replay-actions';
import { useMessagePage } from '@/components/api/use-message-page';
import { useMe } from '@/components/api/use-me';
import { roleAtLeast } from '@/lib/session-types';
import { setPicked, type Picks } from './record-picks';
import styles from './messages.module.css';

/** The read-only message browser of one topic. Everything it shows is in the URL. */
export function MessagesPage({ topic }: { topic: string }) {
  const router = useRouter();
  const search = useSearchParams();
  const state = parseBrowseState(new URLSearchParams(search.toString()));
  const params = apiSearch(state);
  const query = useMessagePage(topic, params);
  // The page held while the next loads must be of this topic (client navigation between topics reuses this component).
  const page = query.data?.topic === topic ? query.data : undefined;
  const [selected, setSelected] = useState<MessageRecord | null>(null);
  const close = useCallback(() => setSelected(null), []);
  // A failed request has no page: the picker keeps the partition ranges of the last one.
  const [known, setKnown] = useState<{ topic: string; partitions: PartitionRange[] } | null>(null);
  useEffect(() => {
    if (page) setKnown({ topic: page.topic, partitions: page.partitions });
  }, [page]);
  const knownPartitions = known?.topic === topic ? known.partitions : [];
  // Records ticked for a replay, kept while paging through this topic.
  const [picked, setPicks] = useState<{ topic: string; picks: Picks }>({ topic, picks: new Map() });
  const picks = picked.topic === topic ? picked.picks : new Map();
  const me = useMe();
  const operator = me.data ? roleAtLeast(me.data.user.role, 'operator') : false;

  const go = (next: BrowseState) => {
    setSelected(null);
    const qs = browseSearch(next);
    router.push(`/topics/${encodeURIComponent(topic)}/messages${qs ? `?${qs}` : ''}`);
  };
  const highlight = state.start.kind === 'offset' && state.partition !== null ? recordId({ partition: state.partition, offset: state.start.offset }) : null;
  const notFound = query.error instanceof ApiError && query.error.code === 'TOPIC_NOT_FOUND';

  return (
    <>
      <header className="page-header">
        <div>
          <p className="small muted">
            <Link href="/topics">Topics</Link> / <span className="mono">{topic}</span>
          </p>
          <h1 className="page-title">
            Messages of <span className="mono">{topic}</span>
          </h1>
          <p className="page-subtitle">Keys and values show as JSON when they parse, as text when they are UTF-8, else as hex.</p>
        </div>
        {!notFound && <MessageReplayActions topic={topic} page={page} picks={picks} onClearPicks={() => setPicks({ topic, picks: new Map() })} />}
      </header>
      {!notFound && (
        // The key remounts the form when the URL changes (back, paging), so its fields follow.
        <MessageToolbar key={search.toString()} state={state} partitions={page?.partitions ?? knownPartitions} onGo={go} />
      )}
      {query.error && (
        <ErrorPanel
          error={query.error}
          title={notFound ? 'No such topic' : 'Could not read these records'}
          onRetry={notFound ? undefined : () => void query.refetch()}
        />
      )}
      {query.error && state.filter && !notFound && (
        <p className={styles.errorHint}>
          <button type="button" className="btn btn-small" onClick={() => go({ partition: state.partition, start: state.start, limit: state.limit })} data-testid="filter-clear">
            Show these records without the filter
          </button>
        </p>
      )}
      {query.error && state.start.kind !== 'newest' && !notFound && (
        <p className={styles.errorHint}>
          <button type="button" className="btn btn-small" onClick={() => go({ ...state, start: { kind: 'newest' } })}>
            Show the newest records instead
          </button>
        </p>
      )}
      {/* On an error the previous page may still be held (for the partition picker), but its rows are not what was asked for. */}
      {page && !query.error && (
        <div className={query.isFetching ? styles.loading : undefined} aria-busy={query.isFetching}>
          <MessagePager page={page} state={state} onGo={go} />
          {page.scanned !== undefined && (
            <p className="small muted" data-testid="filter-summary">
              The filter kept {page.records.length} of the {page.scanned} records read for this page; page on to search further.
            </p>
          )}
          <MessageTable
            records={page.records}
            showPartition={page.partition === null}
            highlight={highlight}
            selected={selected ? recordId(selected) : null}
            onSelect={setSelected}
            picking={operator ? { picks, onPick: (records, on) => setPicks({ topic, picks: setPicked(picks, records, on) }) } : undefined}
            emptyText={
              page.partitions.every((p) => p.logEnd === p.logStart)
                ? 'This topic holds no records.'
                : page.scanned !== undefined
                  ? 'No record on this page matches the filter.'
                  : 'No records here: try the newest, or an earlier time.'
            }
          />
        </div>
      )}
      {!page && !query.error && <p className="muted">Reading records…</p>}
      {selected && <MessageDetail record={selected} topic={topic} onClose={close} />}
    </>
  );
}
