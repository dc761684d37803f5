import { LAG_RANGE_MS, type GroupHistory, type LagRange, type LagStatus } from '../../lib/lag-types';
import type { Database } from '../store';
import type { CycleResult } from './lag-monitor';

export interface LagRetention {
  /** Full-resolution samples (default 24 h). */
  rawMs: number;
  /** 1-minute rollups (default 7 days). */
  minuteMs: number;
  /** 1-hour rollups (default 90 days). */
  hourMs: number;
}

export const DEFAULT_RETENTION: LagRetention = { rawMs: 24 * 3_600_000, minuteMs: 7 * 24 * 3_600_000, hourMs: 90 * 24 * 3_600_000 };
const MINUTE = 60_000;
const HOUR = 3_600_000;

// Worst status in a bucket: the SQL twin of LAG_STATUS_RANK.
const RANK_SQL = `CASE status WHEN 'ERR' THEN 5 WHEN 'STOP' THEN 4 WHEN 'STALL' THEN 3 WHEN 'REWIND' THEN 2 WHEN 'WARN' THEN 1 ELSE 0 END`;
const UNRANK_SQL = (e: string) => `(ARRAY['OK','WARN','REWIND','STALL','STOP','ERR'])[${e} + 1]`;

/**
 * Lag history in the database: every cycle's samples in two multi-row INSERTs (unnest),
 * status changes, and a background job that rolls samples up (1 min, 1 h) and prunes.
 */
export function createLagHistory(deps: { database: Pick<Database, 'sql'>; retention?: Partial<LagRetention> }) {
  const { sql } = deps.database;
  const retention = { ...DEFAULT_RETENTION, ...deps.retention };

  async function record(cycle: CycleResult): Promise<void> {
    const at = new Date(cycle.at);
    const g: string[] = [], t: string[] = [], p: number[] = [], c: (string | null)[] = [], e: (string | null)[] = [], l: (string | null)[] = [], s: (number | null)[] = [];
    for (const group of cycle.groups) {
      for (const x of group.partitions) {
        g.push(group.groupId);
        t.push(x.topic);
        p.push(x.partition);
        c.push(x.committed === null ? null : String(x.committed));
        e.push(x.logEnd === null ? null : String(x.logEnd));
        l.push(x.lag === null ? null : String(x.lag));
        s.push(x.lagSeconds);
      }
    }
    if (g.length) {
      await sql.query(
        `INSERT INTO lag_samples (group_id, topic, partition, sampled_at, committed_offset, end_offset, lag, lag_seconds)
         SELECT u.g, u.t, u.p, $1, u.c, u.e, u.l, u.s
         FROM unnest($2::text[], $3::text[], $4::int[], $5::int8[], $6::int8[], $7::int8[], $8::float8[]) AS u(g, t, p, c, e, l, s)
         ON CONFLICT DO NOTHING`,
        [at, g, t, p, c, e, l, s],
      );
    }
    if (cycle.groups.length) {
      await sql.query(
        `INSERT INTO lag_group_samples (group_id, sampled_at, total_lag, max_lag_seconds, status)
         SELECT u.g, $1, u.l, u.s, u.st FROM unnest($2::text[], $3::int8[], $4::float8[], $5::text[]) AS u(g, l, s, st)
         ON CONFLICT DO NOTHING`,
        [
          at,
          cycle.groups.map((x) => x.groupId),
          cycle.groups.map((x) => (x.totalLag === null ? null : String(x.totalLag))),
          cycle.groups.map((x) => x.maxLagSeconds),
          cycle.groups.map((x) => x.status),
        ],
      );
    }
    if (cycle.statusChanges.length) {
      await sql.query(
        `INSERT INTO lag_status_changes (group_id, at, from_status, to_status, reason)
         SELECT u.g, to_timestamp(u.at / 1000.0), u.f, u.t, u.r FROM unnest($1::text[], $2::float8[], $3::text[], $4::text[], $5::text[]) AS u(g, at, f, t, r)`,
        [
          cycle.statusChanges.map((x) => x.groupId),
          cycle.statusChanges.map((x) => x.change.at),
          cycle.statusChanges.map((x) => x.change.from),
          cycle.statusChanges.map((x) => x.change.to),
          cycle.statusChanges.map((x) => x.change.reason),
        ],
      );
    }
  }

  /**
   * Recomputes the recent rollup buckets (idempotent: ON CONFLICT DO UPDATE), then drops
   * what is past retention. Minute buckets come from raw samples, hour buckets from minutes.
   */
  async function rollUpAndPrune(now = Date.now()): Promise<void> {
    // From the last bucket already rolled up (or the oldest raw sample kept), so the samples
    // of a time the job didn't run (the server was down) are rolled up too, not dropped.
    const last = await sql.query<{ m: Date | null; h: Date | null }>(
      `SELECT max(bucket_start) FILTER (WHERE step_ms = ${MINUTE}) AS m, max(bucket_start) FILTER (WHERE step_ms = ${HOUR}) AS h FROM lag_rollups`,
    );
    const since = (recent: number, lastBucket: Date | null | undefined, kept: number, step: number) => {
      const from = Math.max(Math.min(recent, lastBucket?.getTime() ?? -Infinity), now - kept);
      return new Date(Math.floor(from / step) * step);
    };
    const minuteFrom = since(now - 10 * MINUTE, last.rows[0]?.m, retention.rawMs, MINUTE);
    const hourFrom = since(now - 3 * HOUR, last.rows[0]?.h, retention.minuteMs, HOUR);
    const bucket = (step: number, col: string) => `to_timestamp(floor(extract(epoch from ${col}) * 1000 / ${step}) * ${step} / 1000.0)`;
    await sql.query(
      `INSERT INTO lag_rollups (group_id, topic, partition, step_ms, bucket_start, lag, lag_seconds, status)
       SELECT group_id, '', -1, ${MINUTE}, ${bucket(MINUTE, 'sampled_at')} AS b, max(total_lag), max(max_lag_seconds), ${UNRANK_SQL(`max(${RANK_SQL})`)}
       FROM lag_group_samples WHERE sampled_at >= $1 GROUP BY group_id, b
       ON CONFLICT (group_id, topic, partition, step_ms, bucket_start) DO UPDATE SET lag = excluded.lag, lag_seconds = excluded.lag_seconds, status = excluded.status`,
      [minuteFrom],
    );
    await sql.query(
      `INSERT INTO lag_rollups (group_id, topic, partition, step_ms, bucket_start, lag, lag_seconds, status)
       SELECT group_id, topic, partition, ${MINUTE}, ${bucket(MINUTE, 'sampled_at')} AS b, max(lag), max(lag_seconds), NULL
       FROM lag_samples WHERE sampled_at >= $1 GROUP BY group_id, topic, partition, b
       ON CONFLICT (group_id, topic, partition, step_ms, bucket_start) DO UPDATE SET lag = excluded.lag, lag_seconds = excluded.lag_seconds`,
      [minuteFrom],
    );
    await sql.query(
      `INSERT INTO lag_rollups (group_id, topic, partition, step_ms, bucket_start, lag, lag_seconds, status)
       SELECT group_id, topic, partition, ${HOUR}, ${bucket(HOUR, 'bucket_start')} AS b, max(lag), max(lag_seconds),
              CASE WHEN bool_and(status IS NULL) THEN NULL ELSE ${UNRANK_SQL(`max(${RANK_SQL})`)} END
       FROM lag_rollups WHERE step_ms = ${MINUTE} AND bucket_start >= $1 GROUP BY group_id, topic, partition, b
       ON CONFLICT (group_id, topic, partition, step_ms, bucket_start) DO UPDATE SET lag = excluded.lag, lag_seconds = excluded.lag_seconds, status = excluded.status`,
      [hourFrom],
    );
    const before = (ms: number) => new Date(now - ms);
    await sql.query('DELETE FROM lag_samples WHERE sampled_at < $1', [before(retention.rawMs)]);
    await sql.query('DELETE FROM lag_group_samples WHERE sampled_at < $1', [before(retention.rawMs)]);
    await sql.query(`DELETE FROM lag_rollups WHERE step_ms = ${MINUTE} AND bucket_start < $1`, [before(retention.minuteMs)]);
    await sql.query(`DELETE FROM lag_rollups WHERE step_ms = ${HOUR} AND bucket_start < $1`, [before(retention.hourMs)]);
    await sql.query('DELETE FROM lag_status_changes WHERE at < $1', [before(retention.hourMs)]);
  }

  /** 15 m and 1 h at full resolution, 6 h and 24 h by the minute, 7 d by the hour. */
  async function query(groupId: string, range: LagRange, now = Date.now()): Promise<GroupHistory> {
    const from = new Date(now - LAG_RANGE_MS[range]);
    const resolution: GroupHistory['resolution'] = range === '15m' || range === '1h' ? 'raw' : range === '7d' ? HOUR : MINUTE;
    let points: GroupHistory['points'];
    let partitions: GroupHistory['partitions'];
    if (resolution === 'raw') {
      const g = await sql.query<{ at: Date; l: bigint | null; s: number | null; st: string }>(
        'SELECT sampled_at AS at, total_lag AS l, max_lag_seconds AS s, status AS st FROM lag_group_samples WHERE group_id = $1 AND sampled_at >= $2 ORDER BY sampled_at',
        [groupId, from],
      );
      points = g.rows.map((r) => ({ at: r.at.getTime(), totalLag: num(r.l), maxLagSeconds: r.s, status: r.st as LagStatus }));
      const p = await sql.query<{ at: Date; t: string; p: number; l: bigint | null }>(
        'SELECT sampled_at AS at, topic AS t, partition AS p, lag AS l FROM lag_samples WHERE group_id = $1 AND sampled_at >= $2 ORDER BY sampled_at, topic, partition',
        [groupId, from],
      );
      partitions = p.rows.map((r) => ({ at: r.at.getTime(), topic: r.t, partition: r.p, lag: num(r.l) }));
    } else {
      const r = await sql.query<{ at: Date; t: string; p: number; l: bigint | null; s: number | null; st: string | null }>(
        'SELECT bucket_start AS at, topic AS t, partition AS p, lag AS l, lag_seconds AS s, status AS st FROM lag_rollups WHERE group_id = $1 AND step_ms = $2 AND bucket_start >= $3 ORDER BY bucket_start, topic, partition',
        [groupId, resolution, from],
      );
      points = r.rows.filter((x) => x.p === -1).map((x) => ({ at: x.at.getTime(), totalLag: num(x.l), maxLagSeconds: x.s, status: (x.st ?? 'OK') as LagStatus }));
      partitions = r.rows.filter((x) => x.p !== -1).map((x) => ({ at: x.at.getTime(), topic: x.t, partition: x.p, lag: num(x.l) }));
    }
    const changes = await sql.query<{ at: Date; f: string | null; t: string; r: string }>(
      'SELECT at, from_status AS f, to_status AS t, reason AS r FROM lag_status_changes WHERE group_id = $1 AND at >= $2 ORDER BY at',
      [groupId, from],
    );
    return {
      groupId,
      range,
      resolution,
      points,
      partitions,
      statusChanges: changes.rows.map((c) => ({ at: c.at.getTime(), from: c.f as LagStatus | null, to: c.t as LagStatus, reason: c.r })),
    };
  }

  return { record, rollUpAndPrune, query, retention };
}

function num(v: bigint | number | null): number | null {
  return v === null ? null : Number(v);
}

export type LagHistory = ReturnType<typeof createLagHistory>;
