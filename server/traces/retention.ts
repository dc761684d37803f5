// Retention: events older than maxAgeMs, and the oldest collected beyond maxEvents, are
// deleted in batches in the background (one short statement at a time, so the collector's
// writes never wait long). After each batch the summaries of the traces it touched are
// made true again: a trace with no events left goes, a partly expired one is recomputed
// from the events that remain (so search by type or topic finds only what the trace page
// can show).
import { TRACE_TOPIC_PATTERNS, traceSummarySql } from '../collector/trace-summary-sql';
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

// Flow map rollups (server/flows) go by the same age: a bucket goes once it has wholly
// passed the cutoff. The count cap does not apply to them: they record traffic that really
// flowed, and at a few rows per edge and minute they are not what fills a disk.
const PRUNE_FLOWS = `DELETE FROM flow_edges WHERE bucket < $1 AND bucket + step_ms * interval '1 millisecond' <= $1`;

export interface RetentionPass {
  /** Events deleted for their age, then for the cap. */
  byAge: number;
  byCap: number;
  /** Delete statements run on events (each at most batchSize rows). */
  batches: number;
  /** Summaries deleted (no events left) and recounted (some left), summed over the batches. */
  tracesRemoved: number;
  tracesRecomputed: number;
  /** Flow map rollup rows deleted for their age. */
  flowRows: number;
}

// Locks the touched summaries in the collector's lock order first (it upserts them ORDER BY
// correlation_id), so a batch written meanwhile is either seen by the recount or added on
// top of it by the collector's own upsert — never lost.
const LOCK_TRACES = `
SELECT 1 FROM traces t JOIN unnest($1::text[], $2::text[]) AS u(cluster, correlation_id) USING (cluster, correlation_id)
ORDER BY t.correlation_id FOR UPDATE OF t`;

const FIX_TRACES = `
WITH ids AS (SELECT DISTINCT cluster, correlation_id FROM unnest($1::text[], $2::text[]) AS u(cluster, correlation_id)),
left_over AS (
  SELECT e.cluster, e.correlation_id, ${traceSummarySql('e', { dlq: 3, retry: 4 })}
    FROM events e JOIN ids USING (cluster, correlation_id) GROUP BY e.cluster, e.correlation_id
), gone AS (
  DELETE FROM traces t USING ids
   WHERE t.cluster = ids.cluster AND t.correlation_id = ids.correlation_id
     AND NOT EXISTS (SELECT 1 FROM left_over l WHERE l.cluster = ids.cluster AND l.correlation_id = ids.correlation_id)
  RETURNING 1
), fixed AS (
  UPDATE traces t SET first_at = l.first_at, last_at = l.last_at, event_count = l.n, topics = l.topics, services = l.services,
                      types = l.types, has_errors = coalesce(l.has_errors, false), touched_retry = coalesce(l.touched_retry, false), updated_at = now()
    FROM left_over l WHERE t.cluster = l.cluster AND t.correlation_id = l.correlation_id
  RETURNING 1
)
SELECT (SELECT count(*) FROM gone)::int AS removed, (SELECT count(*) FROM fixed)::int AS fixed`;

export function createRetention(deps: { sql: SqlExecutor; log: Logger; options?: Partial<RetentionOptions> }) {
  const o = { ...defaultRetention, ...deps.options };
  const { sql, log } = deps;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> = Promise.resolve();

  /** Deletes one batch chosen by `pick` (ids, oldest first), then fixes the traces it touched. */
  async function deleteBatch(pick: string, params: unknown[], pass: RetentionPass): Promise<number> {
    const { rows } = await sql.query<{ cluster: string; correlation_id: string | null }>(
      `DELETE FROM events WHERE id IN (${pick}) RETURNING cluster, correlation_id`,
      params,
    );
    pass.batches += 1;
    const touched = rows.filter((r) => r.correlation_id !== null);
    if (touched.length) {
      const ids = [touched.map((r) => r.cluster), touched.map((r) => r.correlation_id)];
      const fix = await sql.transaction(async (tx) => {
        await tx.query(LOCK_TRACES, ids);
        return (await tx.query<{ removed: number; fixed: number }>(FIX_TRACES, [...ids, ...TRACE_TOPIC_PATTERNS])).rows[0]!;
      });
      pass.tracesRemoved += fix.removed;
      pass.tracesRecomputed += fix.fixed;
    }
    return rows.length;
  }

  /**
   * The timestamp index is BRIN: a range of pages not summarized yet matches any age, so
   * the age scan would read it whole. PostgreSQL's autovacuum summarizes filled ranges
   * (autosummarize); PGlite has no autovacuum, so each pass asks first (a no-op when all
   * are done). A role that may not do it (not the index's owner) only makes the scan slower.
   */
  let summarizeRefused = false;
  async function summarizeTimestampIndex() {
    await sql.query(`SELECT brin_summarize_new_values('events_timestamp_idx')`).catch((err: Error) => {
      if (!summarizeRefused) log.warn('retention could not summarize the events timestamp index; the age scan reads more', { error: err.message });
      summarizeRefused = true;
    });
  }

  /** One pass: deletes until both limits hold. */
  async function runOnce(now = Date.now()): Promise<RetentionPass> {
    const pass: RetentionPass = { byAge: 0, byCap: 0, batches: 0, tracesRemoved: 0, tracesRecomputed: 0, flowRows: 0 };
    const cutoff = new Date(now - o.maxAgeMs).toISOString();
    await summarizeTimestampIndex();
    for (;;) {
      const n = await deleteBatch(`SELECT id FROM events WHERE "timestamp" < $1 ORDER BY id LIMIT ${o.batchSize}`, [cutoff], pass);
      pass.byAge += n;
      if (n < o.batchSize) break;
    }
    // Counted once per pass (a count of millions of rows per batch would cost more than the deletes).
    const { rows } = await sql.query<{ n: bigint }>('SELECT count(*)::int8 AS n FROM events');
    let excess = Number(rows[0]!.n) - o.maxEvents;
    while (excess > 0) {
      const n = await deleteBatch(`SELECT id FROM events ORDER BY id LIMIT ${Math.min(excess, o.batchSize)}`, [], pass);
      pass.byCap += n;
      excess -= n;
      if (n === 0) break;
    }
    pass.flowRows = (await sql.query(PRUNE_FLOWS, [cutoff])).rowCount;
    if (pass.byAge + pass.byCap > 0) log.info('retention deleted events', { ...pass });
    return pass;
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
