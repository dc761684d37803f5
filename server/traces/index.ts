import type { Collector } from '../collector';
import type { SqlExecutor } from '../store';
import { createTraceQueries } from './trace-queries';

export { createTraceQueries, type TraceQueries } from './trace-queries';
export { TraceNotFoundError, EventNotFoundError } from './trace-errors';
export { createRetention, type Retention, type RetentionOptions } from './retention';
export { createCoverageQueries, type CoverageQueries } from './coverage-queries';
export { renderCoverageMetrics } from './coverage-metrics';

/**
 * Pushes of changed traces are at most this often. The first change after a quiet spell
 * goes out at once (a page open on a trace sees it as soon as it is stored); changes
 * during the window wait for its end and go out together. It was a 500 ms trailing
 * window: every change waited for it, which was most of the produce → browser time.
 */
const PUSH_WINDOW_MS = 100;

/**
 * The traces domain: queries over what the collector stored, and the live feed of
 * which traces changed (coalesced, so a burst of batches is one push per window).
 */
export function createTraceService(deps: { sql: SqlExecutor; collector: Collector | null; cluster?: string; coalesceMs?: number }) {
  const queries = createTraceQueries(deps.sql, deps.cluster);
  const listeners = new Set<(correlationIds: string[]) => void>();
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let lastFlush = -Infinity;
  const windowMs = deps.coalesceMs ?? PUSH_WINDOW_MS;
  const flush = () => {
    timer = null;
    lastFlush = performance.now();
    const ids = [...pending];
    pending = new Set();
    for (const l of listeners) l(ids);
  };
  const onStored = (b: { traces: string[] }) => {
    for (const id of b.traces) pending.add(id);
    if (!timer && pending.size > 0) timer = setTimeout(flush, Math.max(0, lastFlush + windowMs - performance.now()));
  };
  deps.collector?.events.on('stored', onStored);
  return {
    ...queries,
    /** Called with the correlation ids whose traces changed. Returns an unsubscribe. */
    onChange(listener: (correlationIds: string[]) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      deps.collector?.events.off('stored', onStored);
      if (timer) clearTimeout(timer);
      listeners.clear();
    },
  };
}

export type TraceService = ReturnType<typeof createTraceService>;
