import type { CatalogEntryView, CatalogView, RegistryStatus } from '../../lib/catalog-types';
import type { FieldShape } from '../../lib/infer-shape';
import { typeFamily } from '../../lib/type-family';
import type { SqlExecutor } from '../store/sql-executor';
import { consumersOf, type ConsumerSource } from './consumers';
import { driftTotals, recentDrift } from './drift-queries';

/** Drift rows a catalog page shows. */
export const MAX_DRIFT_SHOWN = 200;

type EntryRow = {
  cluster: string; event_type: string; version: string; shape: FieldShape; event_count: bigint; unshaped_count: bigint;
  first_at: Date; last_at: Date; producers: string[] | null; topics: string[] | null; sample_event_id: bigint; drift: bigint;
};

/** What the catalog adds from outside its tables: consumer groups and the registry's subjects. */
export interface CatalogExtras {
  consumers?: ConsumerSource;
  subjectOf?: (entry: CatalogEntryView) => Promise<string | null>;
}

const ENTRY_SELECT = `
SELECT c.cluster, c.event_type, c.version, c.shape, c.event_count, c.unshaped_count, c.first_at, c.last_at, c.producers, c.topics, c.sample_event_id,
       coalesce(d.n, 0)::int8 AS drift
  FROM catalog_entries c
  LEFT JOIN (SELECT cluster, event_type, version, count(*) AS n FROM catalog_drift GROUP BY cluster, event_type, version) d
    ON d.cluster = c.cluster AND d.event_type = c.event_type AND d.version = c.version`;

async function toView(r: EntryRow, extras: CatalogExtras): Promise<CatalogEntryView> {
  const spanS = (r.last_at.getTime() - r.first_at.getTime()) / 1000;
  const count = Number(r.event_count);
  const topics = r.topics ?? [];
  const view: CatalogEntryView = {
    cluster: r.cluster,
    eventType: r.event_type,
    version: r.version,
    family: typeFamily(r.event_type, r.version),
    eventCount: count,
    unshapedCount: Number(r.unshaped_count),
    firstAt: r.first_at.toISOString(),
    lastAt: r.last_at.toISOString(),
    ratePerSecond: spanS > 0 ? Math.round(((count - 1) / spanS) * 1000) / 1000 : 0,
    producers: r.producers ?? [],
    topics,
    consumers: extras.consumers ? consumersOf(topics, extras.consumers) : [],
    sampleEventId: r.sample_event_id.toString(),
    shape: r.shape,
    driftCount: Number(r.drift),
    subject: null,
  };
  if (extras.subjectOf) view.subject = await extras.subjectOf(view);
  return view;
}

/** Every entry, ordered by family, type and version. */
export async function readEntries(sql: SqlExecutor, extras: CatalogExtras = {}): Promise<CatalogEntryView[]> {
  const { rows } = await sql.query<EntryRow>(`${ENTRY_SELECT} ORDER BY c.event_type, c.version, c.cluster`);
  const views = await Promise.all(rows.map((r) => toView(r, extras)));
  return views.sort((a, b) => a.family.localeCompare(b.family) || a.version.localeCompare(b.version, undefined, { numeric: true }) || a.eventType.localeCompare(b.eventType) || a.cluster.localeCompare(b.cluster));
}

/** One entry, or null when the catalog has none by that key. */
export async function readEntry(sql: SqlExecutor, key: { cluster: string; eventType: string; version: string }, extras: CatalogExtras = {}): Promise<CatalogEntryView | null> {
  const { rows } = await sql.query<EntryRow>(`${ENTRY_SELECT} WHERE c.cluster = $1 AND c.event_type = $2 AND c.version = $3`, [key.cluster, key.eventType, key.version]);
  return rows[0] ? toView(rows[0], extras) : null;
}

/** The catalog as stored: reads only the catalog tables (and the events its drift names, by key), never scans events. */
export async function readCatalog(
  sql: SqlExecutor,
  extras: CatalogExtras & { registry?: RegistryStatus; registryFindings?: number; now?: number } = {},
): Promise<CatalogView> {
  const [entries, drift, totals, mark] = await Promise.all([
    readEntries(sql, extras),
    recentDrift(sql, MAX_DRIFT_SHOWN),
    driftTotals(sql, extras.now),
    sql.query<{ last_event_id: bigint }>(`SELECT last_event_id FROM job_watermarks WHERE name = 'catalog'`),
  ]);
  return {
    entries,
    drift,
    driftSummary: { ...totals, registry: extras.registryFindings ?? 0 },
    registry: extras.registry ?? { state: 'none', url: null, reason: null },
    watermark: (mark.rows[0]?.last_event_id ?? 0n).toString(),
  };
}
