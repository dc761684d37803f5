// Reads of the collector's flow rollups (flow_edges, written in event-store.ts).
import type { FlowRollup } from '../../lib/flow-graph';
import type { SqlExecutor } from '../store';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

/**
 * Windows up to an hour read minute buckets, longer ones hour buckets: a 24 h map then sums
 * at most 24 rows per edge and type, whatever the traffic. The window starts at the first
 * bucket it covers, so rates divide by the time really summed.
 */
export function windowBuckets(windowMs: number, now: number): { stepMs: number; from: number } {
  const stepMs = windowMs <= HOUR_MS ? MINUTE_MS : HOUR_MS;
  return { stepMs, from: Math.floor((now - windowMs) / stepMs) * stepMs + stepMs };
}

const SUM_WINDOW = `
SELECT source, topic, caused_by, event_type, sum(events)::float8 AS events, sum(errors)::float8 AS errors
  FROM flow_edges
 WHERE cluster = $1 AND step_ms = $2 AND bucket >= $3
 GROUP BY source, topic, caused_by, event_type`;

const FIRST_BUCKETS = `
SELECT (SELECT min(bucket) FROM flow_edges WHERE cluster = $1 AND step_ms = ${MINUTE_MS}) AS minute,
       (SELECT min(bucket) FROM flow_edges WHERE cluster = $1 AND step_ms = ${HOUR_MS}) AS hour`;

/**
 * When the rollups begin (epoch ms), or null when there are none. A map's window is cut to
 * it: ten minutes after a fresh install, a 24 h window has ten minutes of traffic, and
 * dividing by 24 h would show rates 144 times too low. The first minute row says it to the
 * minute; hour rows outlive minute rows, and one that predates the first minute's hour
 * means collection began before it.
 */
export async function readFirstBucket(sql: SqlExecutor, cluster: string): Promise<number | null> {
  const { rows } = await sql.query<{ minute: Date | string | null; hour: Date | string | null }>(FIRST_BUCKETS, [cluster]);
  const ms = (v: Date | string | null | undefined) => (v == null ? null : new Date(v).getTime());
  const minute = ms(rows[0]?.minute);
  const hour = ms(rows[0]?.hour);
  if (minute === null) return hour;
  return hour !== null && hour < Math.floor(minute / HOUR_MS) * HOUR_MS ? hour : minute;
}

export async function readRollups(sql: SqlExecutor, cluster: string, stepMs: number, from: number): Promise<FlowRollup[]> {
  const { rows } = await sql.query<{ source: string; topic: string; caused_by: string; event_type: string; events: number; errors: number }>(SUM_WINDOW, [
    cluster,
    stepMs,
    new Date(from).toISOString(),
  ]);
  return rows.map((r) => ({ source: r.source, topic: r.topic, causedBy: r.caused_by, eventType: r.event_type, events: Number(r.events), errors: Number(r.errors) }));
}
