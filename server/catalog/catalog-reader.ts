import type { CatalogDriftView, CatalogEntryView, CatalogView } from '../../lib/catalog-types';
import type { FieldShape, ValueType } from '../../lib/infer-shape';
import type { SqlExecutor } from '../store/sql-executor';

/** Drift rows a catalog page shows. */
export const MAX_DRIFT_SHOWN = 200;

/** The catalog as stored: reads only the catalog tables, never the events. */
export async function readCatalog(sql: SqlExecutor): Promise<CatalogView> {
  const [entries, drift, mark] = await Promise.all([
    sql.query<{
      cluster: string; event_type: string; version: string; shape: FieldShape; event_count: bigint; unshaped_count: bigint;
      first_at: Date; last_at: Date; producers: string[] | null; topics: string[] | null; sample_event_id: bigint;
    }>(`SELECT * FROM catalog_entries ORDER BY event_type, version, cluster`),
    sql.query<{
      id: bigint; cluster: string; event_type: string; version: string; path: string; kind: string; before: string[] | null; after: string[] | null;
      event_id: bigint; detected_at: Date;
    }>(`SELECT * FROM catalog_drift ORDER BY id DESC LIMIT $1`, [MAX_DRIFT_SHOWN]),
    sql.query<{ last_event_id: bigint }>(`SELECT last_event_id FROM job_watermarks WHERE name = 'catalog'`),
  ]);
  return {
    entries: entries.rows.map((r): CatalogEntryView => {
      const spanS = (r.last_at.getTime() - r.first_at.getTime()) / 1000;
      const count = Number(r.event_count);
      return {
        cluster: r.cluster,
        eventType: r.event_type,
        version: r.version,
        eventCount: count,
        unshapedCount: Number(r.unshaped_count),
        firstAt: r.first_at.toISOString(),
        lastAt: r.last_at.toISOString(),
        ratePerSecond: spanS > 0 ? Math.round(((count - 1) / spanS) * 1000) / 1000 : 0,
        producers: r.producers ?? [],
        topics: r.topics ?? [],
        sampleEventId: r.sample_event_id.toString(),
        shape: r.shape,
      };
    }),
    drift: drift.rows.map(
      (r): CatalogDriftView => ({
        id: r.id.toString(),
        cluster: r.cluster,
        eventType: r.event_type,
        version: r.version,
        path: r.path,
        kind: r.kind as CatalogDriftView['kind'],
        before: (r.before ?? []) as ValueType[],
        after: (r.after ?? []) as ValueType[],
        eventId: r.event_id.toString(),
        detectedAt: r.detected_at.toISOString(),
      }),
    ),
    watermark: (mark.rows[0]?.last_event_id ?? 0n).toString(),
  };
}
