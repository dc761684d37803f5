import type { EventRef } from '../../lib/catalog-types';
import type { SqlExecutor } from '../store/sql-executor';

/** Where each of these stored events is (by events.id); ids retention removed are missing from the map. */
export async function readEventRefs(sql: SqlExecutor, ids: readonly string[]): Promise<Map<string, EventRef>> {
  const wanted = [...new Set(ids)].filter((id) => /^\d+$/.test(id));
  const refs = new Map<string, EventRef>();
  if (!wanted.length) return refs;
  const { rows } = await sql.query<{ id: bigint; topic: string; partition: number; offset: bigint; timestamp: Date; correlation_id: string | null }>(
    `SELECT id, topic, partition, "offset", "timestamp", correlation_id FROM events WHERE id = ANY($1::int8[])`,
    [wanted],
  );
  for (const r of rows) {
    refs.set(r.id.toString(), {
      id: r.id.toString(),
      topic: r.topic,
      partition: r.partition,
      offset: r.offset.toString(),
      timestamp: r.timestamp.toISOString(),
      correlationId: r.correlation_id,
    });
  }
  return refs;
}
