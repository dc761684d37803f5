import type { Logger } from '../log/logger';
import type { Database } from '../store';
import { createCommitBuffer, type CommitBufferCounts, type CommitRow } from './commit-buffer';
import type { OffsetCommit } from './consumer-offsets-codec';

export interface CommitHistoryStats extends CommitBufferCounts {
  /** Rows the database took (a commit already recorded is not counted again). */
  written: number;
  /** Batches the database refused; their rows are dropped, not retried. */
  failedBatches: number;
  droppedRows: number;
  lastError: string | null;
}

export interface CommitHistoryOptions {
  database: Pick<Database, 'sql'>;
  log: Logger;
  /** How long commits are kept: as long as raw lag samples. */
  retentionMs: number;
  flushMs?: number;
  /** Rows per statement; a full buffer is written at once. */
  flushRows?: number;
  now?: () => number;
}

const INSERT_SQL = `INSERT INTO consumer_commits (group_id, topic, partition, committed_offset, committed_at)
  SELECT u.g, u.t, u.p, u.o, to_timestamp(u.at / 1000.0)
  FROM unnest($1::text[], $2::text[], $3::int4[], $4::int8[], $5::float8[]) AS u(g, t, p, o, at)
  ON CONFLICT DO NOTHING`;

/**
 * Records the commits the commit tracker reads into consumer_commits, for exact pickup
 * times on the trace page: buffered, written in one statement a second (or every
 * `flushRows`), repeats skipped. The database failing costs the batch, never the caller.
 */
export function createCommitHistory(opts: CommitHistoryOptions) {
  const { sql } = opts.database;
  const now = opts.now ?? Date.now;
  const flushRows = opts.flushRows ?? 5000;
  const buffer = createCommitBuffer({ flushRows, maxRows: 10 * flushRows, keepSince: () => now() - opts.retentionMs });
  const stats = { written: 0, failedBatches: 0, droppedRows: 0, lastError: null as string | null };
  let flushing: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  /** Failing since the last warning: one warning per outage, not one per second. */
  let failing = false;

  async function write(rows: CommitRow[]) {
    try {
      const r = await sql.query(INSERT_SQL, [rows.map((x) => x.group), rows.map((x) => x.topic), rows.map((x) => x.partition), rows.map((x) => String(x.offset)), rows.map((x) => x.at)]);
      stats.written += r.rowCount;
      if (failing) opts.log.info('recording consumer commits again');
      failing = false;
    } catch (err) {
      stats.failedBatches += 1;
      stats.droppedRows += rows.length;
      stats.lastError = err instanceof Error ? err.message : String(err);
      if (!failing) opts.log.warn('cannot record consumer commits; dropping them until the database answers', { error: stats.lastError, rows: rows.length });
      failing = true;
    }
  }

  async function drain() {
    while (buffer.size() > 0) await write(buffer.take(flushRows));
  }

  /** Writes what is buffered; one writer at a time, later calls join the one running. */
  function flush(): Promise<void> {
    flushing ??= drain().finally(() => (flushing = null));
    return flushing;
  }

  return {
    /** The commit tracker's onCommit: never throws, never waits. */
    add(c: OffsetCommit) {
      if (stopped) return;
      if (buffer.add(c)) void flush();
    },
    flush,
    start() {
      stopped = false;
      timer ??= setInterval(() => void flush(), opts.flushMs ?? 1000);
      timer.unref();
    },
    /** Stops the timer and writes what is left (the caller bounds how long it waits). */
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      await flush();
    },
    /** Drops commits past retention; run with the lag rollup. */
    async prune(at = now()): Promise<number> {
      const r = await sql.query('DELETE FROM consumer_commits WHERE committed_at < $1', [new Date(at - opts.retentionMs)]);
      return r.rowCount;
    },
    stats: (): CommitHistoryStats => ({ ...buffer.counts(), ...stats }),
  };
}

export type CommitHistory = ReturnType<typeof createCommitHistory>;
