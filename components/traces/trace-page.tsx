'use client';

import Link from 'next/link';
import { useEffect, useMemo, useState } from 'react';
import { copyWriterLabel } from '@/lib/copy-writer';
import { buildTraceTree, buildWaterfall } from '@/lib/trace-tree';
import type { EventPickup, TraceEvent } from '@/lib/trace-types';
import { useTrace } from '@/components/api/use-traces';
import { formatCount, formatDateTime } from '@/components/format/format';
import { PageSkeleton } from '@/components/shell/page-skeleton';
import { ErrorPanel } from '@/components/ui/error-panel';
import { EventDrawer } from './event-drawer';
import { pickupGroups } from './pickup-format';
import { PickupLegend, PickupMarkers } from './pickup-markers';
import { formatDuration, shortType } from './trace-format';
import { useTracesLive } from '@/components/realtime/use-traces-live';
import { VirtualRows } from './virtual-rows';
import { TraceReplayButton } from '@/components/replay/trace-replay-button';
import styles from './traces.module.css';

const ROW = 30;
const GUIDE = { time: '◇', cause: '└', copy: '↻', replay: '↺' } as const;
const GUIDE_TITLE = {
  time: 'no known cause: placed by time',
  cause: 'caused by the event above (its causation id)',
  copy: 'the same event again (same event id): a retry or dead-letter copy of the one above',
  replay: 'replayed by Eventline: a copy of the record above, re-sent by a replay job',
} as const;
const VIEW_HEIGHT = 420;
const WAITING_REFRESH_MS = 10_000;

/** One trace: its causal tree, its waterfall in time, and the drawer of the event picked in either. */
export function TracePage({ correlationId, event }: { correlationId: string; event?: string }) {
  const query = useTrace(correlationId);
  useTracesLive({ correlationId });
  // `?event=<id>` (a link from the catalog's drift) opens that event's drawer.
  const [selected, setSelected] = useState<string | null>(event ?? null);
  const events = query.data?.events;
  const tree = useMemo(() => (events ? buildTraceTree(events) : []), [events]);
  const waterfall = useMemo(() => (events ? buildWaterfall(events) : { rows: [], spanMs: 0 }), [events]);
  const pickups = query.data?.pickups;
  const pickup = useMemo(() => pickupSpan(events, pickups), [events, pickups]);
  // Pickups move without new events: while a group has yet to pick one up, look again now and then.
  const waiting = pickup.waiting;
  const { refetch } = query;
  useEffect(() => {
    if (!waiting) return;
    const t = setInterval(() => void refetch(), WAITING_REFRESH_MS);
    return () => clearInterval(t);
  }, [waiting, refetch]);

  if (query.isPending) return <PageSkeleton />;
  if (query.error) return <ErrorPanel error={query.error} onRetry={() => void query.refetch()} title="Could not load this trace" />;
  const { summary, truncated } = query.data;
  // The time axis runs to the last pickup too, so a slow group's markers stay on the row.
  const span = Math.max(1, waterfall.spanMs, pickup.endMs);

  const label = (e: TraceEvent) => (
    <>
      <strong>{shortType(e.eventType)}</strong>
      <span className={styles.topic}>{e.topic}</span>
      {e.writer ? (
        // A copy keeps the source of the event it copies: say who wrote it instead.
        <span className="faint small" data-testid="trace-copy-writer" title={e.source ? `source: ${e.source}` : undefined}>{copyWriterLabel(e.writer)}</span>
      ) : (
        e.source && <span className="faint small">{e.source}</span>
      )}
      {e.problems.length > 0 && <span className="badge badge-warn">{e.problems.length} problem{e.problems.length > 1 ? 's' : ''}</span>}
    </>
  );

  return (
    <>
      <header className="page-header">
        <div>
          <p className="small muted">
            <Link href="/traces">Traces</Link> /
          </p>
          <h1 className="page-title mono" data-testid="trace-title">
            {summary.correlationId}
          </h1>
          <p className="page-subtitle">
            {formatCount(summary.eventCount)} events over {formatDuration(summary.durationMs)} from {formatDateTime(summary.firstAt)} · {summary.topics.length} topics ·{' '}
            {summary.services.join(', ') || 'no known services'}{' '}
            {summary.hasErrors && <span className="badge badge-danger">errors</span>} {summary.touchedRetry && <span className="badge badge-warn">retried</span>}
          </p>
          {query.data.replays.length > 0 && (
            <p className="small" data-testid="trace-replayed">
              ↺ Replayed:{' '}
              {query.data.replays.map((r, i) => (
                <span key={r.jobId}>
                  {i > 0 && '; '}
                  {formatCount(r.events)} event{r.events === 1 ? '' : 's'} by {r.createdBy} at {formatDateTime(r.createdAt)} (<Link href={`/replays/${r.jobId}`}>job</Link>)
                </span>
              ))}
            </p>
          )}
          <p className="small">
            <Link href={flowsHref(summary.correlationId, summary.lastAt)} data-testid="trace-show-on-map">
              Show on the map
            </Link>
          </p>
          {truncated && <p className="alert alert-warn">This trace is larger than the page loads: the first {formatCount(events!.length)} events are shown.</p>}
        </div>
        <TraceReplayButton correlationId={summary.correlationId} events={events!} />
      </header>
      <div className={styles.views}>
        <section className="panel" aria-labelledby="tree-title">
          <div className="panel-header">
            <h2 className="panel-title" id="tree-title">
              Causal tree
            </h2>
            <span className="small muted">each event under the event that caused it; retry and dead-letter copies under the attempt before (↻); replayed copies under their source (↺); events with no known cause by time (◇)</span>
          </div>
          <VirtualRows
            items={tree}
            rowHeight={ROW}
            height={VIEW_HEIGHT}
            testId="trace-tree"
            render={(r) => (
              <button
                type="button"
                className={`${styles.rowButton} ${selected === r.event.id ? styles.selected : ''}`}
                onClick={() => setSelected(r.event.id)}
                data-testid="tree-row"
                data-record={`${r.event.topic}/${r.event.partition}@${r.event.offset}`}
                style={{ paddingLeft: 10 + Math.min(r.depth, 40) * 18 }}
              >
                <span className={styles.guide} title={GUIDE_TITLE[r.placedBy]}>
                  {GUIDE[r.placedBy]}
                </span>
                {label(r.event)}
              </button>
            )}
          />
        </section>
        <section className="panel" aria-labelledby="waterfall-title">
          <div className="panel-header">
            <h2 className="panel-title" id="waterfall-title">
              Waterfall
            </h2>
            <span className="small muted">0 – {formatDuration(span)}; the bar runs from the cause to the event, markers show when each consumer group picked it up: its first offset commit past the event (a group that commits every few seconds shows then, not when it read).</span>
          </div>
          <PickupLegend groups={pickup.groups} />
          <VirtualRows
            items={waterfall.rows}
            rowHeight={ROW}
            height={VIEW_HEIGHT}
            testId="trace-waterfall"
            render={(w) => (
              <button
                type="button"
                className={`${styles.rowButton} ${selected === w.event.id ? styles.selected : ''}`}
                onClick={() => setSelected(w.event.id)}
                data-testid="waterfall-row"
              >
                <span className={styles.label}>{label(w.event)}</span>
                <span className={styles.track}>
                  {w.causeAtMs !== null && (
                    <span className={styles.bar} style={{ left: `${(w.causeAtMs / span) * 100}%`, width: `${((w.atMs - w.causeAtMs) / span) * 100}%` }} />
                  )}
                  <span
                    className={`${styles.dot} ${w.event.problems.length > 0 || /dlq/i.test(w.event.topic) ? styles.dotError : ''}`}
                    style={{ left: `${(w.atMs / span) * 100}%` }}
                  />
                  <PickupMarkers pickups={pickups?.[w.event.id]} eventTimestamp={w.event.timestamp} startMs={pickup.startMs} spanMs={span} colours={pickup.colours} />
                </span>
                <span className={styles.at}>+{formatDuration(w.atMs)}</span>
              </button>
            )}
          />
        </section>
      </div>
      {selected && <EventDrawer id={selected} pickups={pickups?.[selected]} onClose={() => setSelected(null)} />}
    </>
  );
}

/** The trace's start, how far past it the last known pickup lies, and each group's colour. */
function pickupSpan(events: TraceEvent[] | undefined, pickups: Record<string, EventPickup[]> | undefined) {
  const startMs = events?.length ? Math.min(...events.map((e) => Date.parse(e.timestamp))) : 0;
  let endMs = 0;
  let waiting = false;
  for (const list of Object.values(pickups ?? {})) {
    for (const p of list) {
      if (p.state === 'waiting') waiting = true;
      else endMs = Math.max(endMs, Date.parse(p.at) - startMs);
    }
  }
  const groups = pickupGroups(pickups ?? {});
  return { startMs, endMs, waiting, groups, colours: new Map(groups.map((g) => [g.groupId, g.colour])) };
}

/** The flow map with this trace's path lit, in a window that still holds its traffic. */
function flowsHref(correlationId: string, lastAt: string): string {
  const age = Date.now() - Date.parse(lastAt);
  const window = age < 4 * 60_000 ? null : age < 55 * 60_000 ? '1h' : '24h';
  return `/flows?trace=${encodeURIComponent(correlationId)}${window ? `&window=${window}` : ''}`;
}
