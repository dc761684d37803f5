import type { SqlExecutor } from '../../store/sql-executor';

/** An event as a test writes it; everything but the payload has a default. */
export type TestEvent = {
  type: string | null;
  version?: string;
  source?: string;
  topic?: string;
  partition?: number;
  /** ms since epoch; default: one second after the previous event of this writer. */
  at?: number;
  correlationId?: string;
  payload: unknown;
  encoding?: string;
  problems?: string[];
};

/**
 * Writes events as the collector stores them (cluster 'c1' unless given), offsets counting
 * up per writer. Returns their ids in order, as strings.
 */
export function eventWriter(sql: () => SqlExecutor, opts: { cluster?: string; t0: number }) {
  let offset = 0;
  return async function insert(events: TestEvent[]): Promise<string[]> {
    const rows = events.map((e) => {
      const n = offset++;
      return {
        topic: e.topic ?? 'orders', partition: e.partition ?? 0, offset: n, ts: new Date(e.at ?? opts.t0 + n * 1000).toISOString(),
        event_type: e.type, event_version: e.version ?? null, source: e.source ?? 'checkout', correlation_id: e.correlationId ?? null,
        enc: e.encoding ?? 'json', preview: typeof e.payload === 'string' ? e.payload : JSON.stringify(e.payload), problems: e.problems ?? [],
      };
    });
    const res = await sql().query<{ id: bigint }>(
      `INSERT INTO events (cluster, topic, partition, "offset", timestamp, headers, event_id, event_type, event_version, source, correlation_id, size, payload_encoding, payload_preview, problems)
       SELECT $2, r.topic, r.partition, r.offset, r.ts, '{}'::jsonb, 'e' || r.offset, r.event_type, r.event_version, r.source, r.correlation_id, 10, r.enc, r.preview, r.problems
         FROM jsonb_to_recordset($1::jsonb) AS r(topic text, partition int, "offset" bigint, ts timestamptz, event_type text, event_version text, source text,
              correlation_id text, enc text, preview text, problems text[])
       RETURNING id`,
      [JSON.stringify(rows), opts.cluster ?? 'c1'],
    );
    return res.rows.map((r) => r.id.toString()).sort((a, b) => Number(a) - Number(b));
  };
}
