import type { ProducerRate } from '../../lib/catalog-types';
import type { SqlExecutor } from '../store/sql-executor';

const MINUTE_MS = 60_000;

/**
 * Each producer's events of one type and version over the last 5 minutes and the last hour,
 * by the events' own time, from the catalog job's per-minute counts (at most 60 rows per
 * producer). The current minute is still filling, so windows end at `now` and divide by
 * the time they really span: from their first whole minute, or from when the type was
 * first seen (`firstAt`) if later — a type seen for 20 s has no hour to average over.
 */
export async function readProducerRates(
  sql: SqlExecutor,
  key: { cluster: string; eventType: string; version: string; firstAt?: string },
  now = Date.now(),
): Promise<ProducerRate[]> {
  const hourStart = Math.floor((now - 3_600_000) / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  const fiveStart = Math.floor((now - 300_000) / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  const { rows } = await sql.query<{ source: string; events_5m: bigint; events_1h: bigint; last_minute: Date | null }>(
    `SELECT source,
            coalesce(sum(events) FILTER (WHERE bucket >= $5), 0)::int8 AS events_5m,
            sum(events)::int8 AS events_1h,
            max(bucket) AS last_minute
       FROM catalog_producer_minutes
      WHERE cluster = $1 AND event_type = $2 AND version = $3 AND bucket >= $4
      GROUP BY source`,
    [key.cluster, key.eventType, key.version, new Date(hourStart).toISOString(), new Date(fiveStart).toISOString()],
  );
  const first = key.firstAt ? Date.parse(key.firstAt) : 0;
  // Four significant digits: a producer trickling one event a minute still shows as one.
  const per = (n: number, from: number) => Number((n / Math.max(1, (now - Math.max(from, first)) / 1000)).toPrecision(4));
  return rows
    .map((r) => ({
      source: r.source,
      events5m: Number(r.events_5m),
      perSecond5m: per(Number(r.events_5m), fiveStart),
      events1h: Number(r.events_1h),
      perSecond1h: per(Number(r.events_1h), hourStart),
      lastMinute: r.last_minute?.toISOString() ?? null,
    }))
    .sort((a, b) => b.events1h - a.events1h || a.source.localeCompare(b.source));
}
