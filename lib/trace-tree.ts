// Pure shaping of a trace for its views: the causal tree (flattened for a virtualised
// list) and the waterfall rows. Assumes nothing about the order events arrive in.
import type { TraceEvent } from './trace-types';

export interface TreeRow {
  event: TraceEvent;
  depth: number;
  /**
   * 'cause': under the event named by its causation id. 'copy': the same event again (a
   * retry or dead-letter copy keeps its event id), under the previous copy. 'time': no
   * known cause, placed by time. 'replay': re-sent by an Eventline replay, under the
   * record it copies (x-eventline-replay-of).
   */
  placedBy: 'cause' | 'copy' | 'time' | 'replay';
  childCount: number;
}

const byTime = (a: TraceEvent, b: TraceEvent) =>
  a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : a.topic.localeCompare(b.topic) || a.partition - b.partition || a.offset.length - b.offset.length || (a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0);

/**
 * Each event under the event that caused it (causation id = the cause's event id);
 * events with no known cause become roots in time order. Pre-order DFS, children by time.
 * When several events share an event id (retry and dead-letter copies), each copy goes
 * under the copy before it, so a retry chain reads top-down, and the earliest is the
 * cause of the events that name that id. Causation cycles are cut where they close.
 */
export function buildTraceTree(events: TraceEvent[]): TreeRow[] {
  const sorted = [...events].sort(byTime);
  const byEventId = new Map<string, TraceEvent>();
  for (const e of sorted) if (!byEventId.has(e.eventId)) byEventId.set(e.eventId, e);

  const parent = new Map<TraceEvent, TraceEvent>();
  // A replayed copy keeps the event id of its source: it goes under that exact record, not
  // into the retry chain of copies.
  const byPosition = new Map(sorted.map((e) => [`${e.topic}/${e.partition}/${e.offset}`, e]));
  const replays = new Set<TraceEvent>();
  for (const e of sorted) {
    const source = e.replayOf ? byPosition.get(e.replayOf) : undefined;
    if (source && source !== e) {
      parent.set(e, source);
      replays.add(e);
    }
  }
  const copies = new Set<TraceEvent>();
  const lastCopy = new Map<string, TraceEvent>();
  for (const e of sorted) {
    if (replays.has(e)) continue;
    const previous = lastCopy.get(e.eventId);
    if (previous) {
      parent.set(e, previous);
      copies.add(e);
    }
    lastCopy.set(e.eventId, e);
  }
  const index = new Map(sorted.map((e, i) => [e, i]));
  const causeOf = (e: TraceEvent) => (e.causationId ? byEventId.get(e.causationId) : undefined);
  // A cause that sorts before its effect cannot close a cycle (links only point back in
  // the order): link those first, without a check.
  for (const e of sorted) {
    const cause = causeOf(e);
    if (cause && !parent.has(e) && index.get(cause)! < index.get(e)!) parent.set(e, cause);
  }
  // The rest (a cause stamped later, clocks disagree) only where no cycle closes, so a
  // cycle is cut at its earliest event.
  for (const e of sorted) {
    const cause = causeOf(e);
    if (!cause || cause === e || parent.has(e)) continue;
    let up: TraceEvent | undefined = cause;
    let cycle = false;
    for (let guard = 0; up && guard <= sorted.length; guard++) {
      if (up === e) {
        cycle = true;
        break;
      }
      up = parent.get(up);
    }
    if (!cycle) parent.set(e, cause);
  }

  const children = new Map<TraceEvent, TraceEvent[]>();
  const roots: TraceEvent[] = [];
  for (const e of sorted) {
    const p = parent.get(e);
    if (p) {
      const list = children.get(p);
      if (list) list.push(e);
      else children.set(p, [e]);
    } else roots.push(e);
  }

  const rows: TreeRow[] = [];
  // Iterative DFS: a 10,000-deep chain must not overflow the stack.
  const stack: { e: TraceEvent; depth: number }[] = roots.map((e) => ({ e, depth: 0 })).reverse();
  while (stack.length > 0) {
    const { e, depth } = stack.pop()!;
    const kids = children.get(e) ?? [];
    rows.push({ event: e, depth, placedBy: replays.has(e) ? 'replay' : copies.has(e) ? 'copy' : parent.has(e) ? 'cause' : 'time', childCount: kids.length });
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ e: kids[i]!, depth: depth + 1 });
  }
  return rows;
}

export interface WaterfallRow {
  event: TraceEvent;
  /** Milliseconds from the trace's first event. */
  atMs: number;
  /** When its cause happened (ms from start), if known: the bar runs from there to atMs. */
  causeAtMs: number | null;
}

export function buildWaterfall(events: TraceEvent[]): { rows: WaterfallRow[]; spanMs: number } {
  const sorted = [...events].sort(byTime);
  if (sorted.length === 0) return { rows: [], spanMs: 0 };
  const start = Date.parse(sorted[0]!.timestamp);
  const byEventId = new Map<string, TraceEvent>();
  for (const e of sorted) if (!byEventId.has(e.eventId)) byEventId.set(e.eventId, e);
  const rows = sorted.map((e) => {
    const cause = e.causationId ? byEventId.get(e.causationId) : undefined;
    return { event: e, atMs: Date.parse(e.timestamp) - start, causeAtMs: cause && cause !== e ? Date.parse(cause.timestamp) - start : null };
  });
  return { rows, spanMs: Date.parse(sorted[sorted.length - 1]!.timestamp) - start };
}
