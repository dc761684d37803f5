// Retention: events older than maxAgeMs, and the oldest beyond maxEvents, are deleted in
// batches in the background (one short statement at a time, so the collector's writes
// never wait long). Trace summaries whose events are all gone are swept after a pass;
// summaries of partly expired traces keep their counts (they say what was seen).
import type { Logger } from '../log/logger';
import type { SqlExecutor } from '../store';

export interface RetentionOptions {
  /** Default 7 days. */
  maxAgeMs: number;
  /** Default 10 million. */
  maxEvents: number;
  /** Rows per delete statement; default 5,000. */
  batchSize: number;
  /** Default 60 s. */
  intervalMs: number;
}

export const defaultRetention: RetentionOptions = { maxAgeMs: 7 * 24 * 3600_000, maxEvents: 10_000_000, batchSize: 5000, intervalMs: 60_000 };

export function createRetention(deps: { sql: SqlExecutor; log: Logger; options?: Partial<RetentionOptions> }) {
  const o = { ...defaultRetention, ...deps.options };
  const { sql, log } = deps;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> = Promise.resolve();

  /** One pass: deletes until both limits hold. Returns the events deleted. */
  async function runOnce(now = Date.now()): Promise<number> {
    let deleted = 0;
    const cutoff = new Date(now - o.maxAgeMs).toISOString();
    for (;;) {
      const r = await sql.query(`DELETE FROM events WHERE id IN (SELECT id FROM events WHERE "timestamp" < $1 ORDER BY id LIMIT ${o.batchSize})`, [cutoff]);
      deleted += r.rowCount;
      if (r.rowCount < o.batchSize) break;
    }
    for (;;) {
      const { rows } = await sql.query<{ n: bigint; max_id: bigint | null }>('SELECT count(*)::int8 AS n, max(id) AS max_id FROM events');
      const excess = Number(rows[0]!.n) - o.maxEvents;
      if (excess <= 0) break;
      const r = await sql.query(`DELETE FROM events WHERE id IN (SELECT id FROM events ORDER BY id LIMIT ${Math.min(excess, o.batchSize)})`);
      deleted += r.rowCount;
      if (r.rowCount === 0) break;
    }
    if (deleted > 0) {
      await sql.query(`DELETE FROM traces t WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.cluster = t.cluster AND e.correlation_id = t.correlation_id)`);
      log.info('retention deleted events', { deleted });
    }
    return deleted;
  }

  return {
    runOnce,
    start() {
      timer = setInterval(() => {
        running = running.then(() => runOnce()).catch((err) => log.warn('retention failed', { error: err }));
      }, o.intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}

export type Retention = ReturnType<typeof createRetention>;
