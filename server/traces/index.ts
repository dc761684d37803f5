import type { Collector } from '../collector';
import type { SqlExecutor } from '../store';
import { createTraceQueries } from './trace-queries';

export { createTraceQueries, type TraceQueries } from './trace-queries';
export { TraceNotFoundError, EventNotFoundError } from './trace-errors';
export { createRetention, type Retention, type RetentionOptions } from './retention';
export { createCoverageQueries, type CoverageQueries } from './coverage-queries';
export { renderCoverageMetrics } from './coverage-metrics';

/**
 * The traces domain: queries over what the collector stored, and the live feed of
 * which traces changed (coalesced, so a burst of batches is one push per interval).
 */
export function createTraceService(deps: { sql: SqlExecutor; collector: Collector | null; cluster?: string; coalesceMs?: number }) {
  const queries = createTraceQueries(deps.sql, deps.cluster);
  const listeners = new Set<(correlationIds: string[]) => void>();
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    timer = null;
    const ids = [...pending];
    pending = new Set();
    for (const l of listeners) l(ids);
  };
  const onStored = (b: { traces: string[] }) => {
    for (const id of b.traces) pending.add(id);
    if (!timer && pending.size > 0) timer = setTimeout(flush, deps.coalesceMs ?? 500);
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
