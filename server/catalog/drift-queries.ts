// Reads of the stored drift (catalog_drift): the filtered list, the summary figures for the
// catalog, the wall and /metrics. Event positions are joined by events.id (a key lookup).
import type { CatalogDriftView, DriftQuery } from '../../lib/catalog-types';
import type { ValueType } from '../../lib/infer-shape';
import type { SqlExecutor } from '../store/sql-executor';
import { readEventRefs } from './event-refs';

type DriftRow = {
  id: bigint; cluster: string; event_type: string; version: string; path: string; kind: string;
  before: string[] | null; after: string[] | null; event_id: bigint; detected_at: Date; seen_at: Date | null;
};

async function views(sql: SqlExecutor, rows: DriftRow[]): Promise<CatalogDriftView[]> {
  const refs = await readEventRefs(sql, rows.map((r) => r.event_id.toString()));
  return rows.map((r) => ({
    id: r.id.toString(),
    cluster: r.cluster,
    eventType: r.event_type,
    version: r.version,
    path: r.path,
    kind: r.kind as CatalogDriftView['kind'],
    before: (r.before ?? []) as ValueType[],
    after: (r.after ?? []) as ValueType[],
    eventId: r.event_id.toString(),
    event: refs.get(r.event_id.toString()) ?? null,
    detectedAt: r.detected_at.toISOString(),
    seenAt: r.seen_at?.toISOString() ?? null,
  }));
}

const COLUMNS = 'id, cluster, event_type, version, path, kind, before, after, event_id, detected_at, seen_at';

/** The newest drift, up to `limit`. */
export async function recentDrift(sql: SqlExecutor, limit: number): Promise<CatalogDriftView[]> {
  return views(sql, (await sql.query<DriftRow>(`SELECT ${COLUMNS} FROM catalog_drift ORDER BY id DESC LIMIT $1`, [limit])).rows);
}

/**
 * Stored drift matching the filters, newest first, one page after `before` (keyset on id).
 * `types` are the event types the `type` filter stands for (a type, or every type of a family).
 */
export async function listDrift(sql: SqlExecutor, q: DriftQuery, types: string[] | null): Promise<{ drift: CatalogDriftView[]; nextBefore: string | null }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (q.cluster) add((p) => `cluster = ${p}`, q.cluster);
  if (types) add((p) => `event_type = ANY(${p}::text[])`, types);
  if (q.version !== undefined) add((p) => `version = ${p}`, q.version);
  if (q.kind) add((p) => `kind = ${p}`, q.kind);
  if (q.since) add((p) => `coalesce(seen_at, detected_at) >= ${p}`, q.since);
  if (q.path) add((p) => `strpos(lower(path), lower(${p})) > 0`, q.path);
  if (q.before) add((p) => `id < ${p}`, q.before);
  params.push(q.limit + 1);
  const { rows } = await sql.query<DriftRow>(
    `SELECT ${COLUMNS} FROM catalog_drift ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, q.limit);
  return { drift: await views(sql, page), nextBefore: rows.length > q.limit ? page.at(-1)!.id.toString() : null };
}

/** Drift counted overall, and first seen within the last hour and day (by the events' time, else when detected). */
export async function driftTotals(sql: SqlExecutor, now = Date.now()): Promise<{ total: number; lastHour: number; lastDay: number }> {
  const [r] = (
    await sql.query<{ total: bigint; hour: bigint; day: bigint }>(
      `SELECT count(*)::int8 AS total,
              count(*) FILTER (WHERE coalesce(seen_at, detected_at) >= $1)::int8 AS hour,
              count(*) FILTER (WHERE coalesce(seen_at, detected_at) >= $2)::int8 AS day
         FROM catalog_drift`,
      [new Date(now - 3_600_000).toISOString(), new Date(now - 86_400_000).toISOString()],
    )
  ).rows;
  return { total: Number(r!.total), lastHour: Number(r!.hour), lastDay: Number(r!.day) };
}

export interface DriftCount {
  cluster: string;
  eventType: string;
  version: string;
  kind: string;
  count: number;
  /** Of those, first seen within the last day. */
  lastDay: number;
  lastSeenAt: string | null;
}

/** Stored drift per type, version and kind: /metrics counters and the wall's worst types. */
export async function driftCounts(sql: SqlExecutor, now = Date.now()): Promise<DriftCount[]> {
  const { rows } = await sql.query<{ cluster: string; event_type: string; version: string; kind: string; n: bigint; day: bigint; last: Date | null }>(
    `SELECT cluster, event_type, version, kind, count(*)::int8 AS n,
            count(*) FILTER (WHERE coalesce(seen_at, detected_at) >= $1)::int8 AS day,
            max(coalesce(seen_at, detected_at)) AS last
       FROM catalog_drift GROUP BY cluster, event_type, version, kind`,
    [new Date(now - 86_400_000).toISOString()],
  );
  return rows.map((r) => ({
    cluster: r.cluster, eventType: r.event_type, version: r.version, kind: r.kind, count: Number(r.n), lastDay: Number(r.day), lastSeenAt: r.last?.toISOString() ?? null,
  }));
}
