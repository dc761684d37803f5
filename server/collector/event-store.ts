// The collector's writes: one SQL statement per write — the batches of every partition
// fetched together (write-queue.ts) — that stores the events, updates the trace
// summaries from the rows that were really inserted (one upsert per correlation id for
// the whole write), and moves the collector's positions — all in one transaction, so a
// crash at any point either keeps all three or none. ON CONFLICT DO NOTHING on (cluster, topic, partition, offset)
// guards against a second writer of the same records (a zombie after a rebalance):
// duplicates are refused, and refused rows do not count in the traces.
import type { SqlExecutor } from '../store';
import { TRACE_TOPIC_PATTERNS, traceSummarySql } from './trace-summary-sql';
import type { EventRow } from './types';

export interface Position {
  topic: string;
  partition: number;
  /** The next offset to read. */
  next: string;
}

export interface WriteResult {
  inserted: number;
  /** Rows inserted per `topic/partition` (a write may hold several partitions' batches). */
  insertedBy: Map<string, number>;
  /** Correlation ids whose summaries changed. */
  traces: string[];
}

// Id coverage per topic partition (topic_coverage), from the rows really inserted, in the
// same statement: one small upsert per batch, never a scan of events.
// Duplicates (one event id at several offsets of a topic) are checked per batch on a sample
// of event ids chosen by hash ($7 = every Nth id, N a power of two; 16 by default): for a
// sampled id, copies within the batch plus one probe of the event_id index for a copy
// stored before. All copies of an id share its hash, so a sampled id's copies are all
// checked: duplicate_event_ids / duplicates_checked estimates the duplicate share without
// bias, with the precision of a sample of duplicates_checked events. Each probe costs about
// what inserting the row into the same index costs, so checking every id would add ~20 %
// to the write; 1 in 16 adds ~1 %. Misses: two copies written at the same moment by two
// writes (two collector processes: neither sees the other), and a copy whose earlier twin
// retention removed.
const COVERAGE_CTES = `cnt AS (
  SELECT topic, partition, count(*) AS events, count(*) FILTER (WHERE id_sources ? 'eventId') AS with_event_id,
         count(correlation_id) AS with_correlation, count(causation_id) AS with_causation, count(dead_letter_of) AS dead_letters
    FROM ins GROUP BY topic, partition
), dup AS (
  -- A write holds several partitions' batches: copies of an id are counted across them all,
  -- every copy but the first a duplicate (the first is the one in the lowest partition, unless
  -- a copy was stored before), each counted under its own partition.
  SELECT topic, partition, sum(n) AS checked,
         sum(n - CASE WHEN partition = first_partition AND NOT stored_before THEN 1 ELSE 0 END) AS dups
    FROM (SELECT g.*, min(partition) OVER (PARTITION BY topic, event_id) AS first_partition,
                 -- OFFSET 0 keeps the probe on the event_id index: flattened, the planner may pick the
                 -- (cluster, topic, …) key and filter a whole topic per id (seen: 28 ms per id).
                 EXISTS (SELECT 1 FROM (SELECT cluster, topic FROM events e WHERE e.event_id = g.event_id OFFSET 0) m
                          WHERE m.cluster = $2 AND m.topic = g.topic) AS stored_before
            FROM (SELECT topic, partition, event_id, count(*) AS n FROM ins
                   WHERE id_sources ? 'eventId' AND (hashtext(event_id) & ($7::int - 1)) = 0 GROUP BY topic, partition, event_id) g) d
   GROUP BY topic, partition
), conv AS (
  -- A batch holds few distinct id_sources objects: group by them first, expand each once.
  SELECT topic, partition, jsonb_object_agg(name, n) AS counts
    FROM (SELECT g.topic, g.partition, s.name, sum(g.n) AS n
            FROM (SELECT topic, partition, id_sources, count(*) AS n FROM ins GROUP BY 1, 2, 3) g,
                 LATERAL (SELECT DISTINCT value AS name FROM jsonb_each_text(g.id_sources)) s GROUP BY 1, 2, 3) x
   GROUP BY topic, partition
), cov AS (
  INSERT INTO topic_coverage AS c (cluster, topic, partition, events, with_event_id, with_correlation_id, with_causation_id, duplicates_checked, duplicate_event_ids, dead_letters, conventions)
  SELECT $2, k.topic, k.partition, k.events, k.with_event_id, k.with_correlation, k.with_causation, coalesce(d.checked, 0), coalesce(d.dups, 0), k.dead_letters, coalesce(v.counts, '{}')
    FROM cnt k LEFT JOIN dup d USING (topic, partition) LEFT JOIN conv v USING (topic, partition)
   ORDER BY k.topic, k.partition
  ON CONFLICT (cluster, topic, partition) DO UPDATE SET
    events = c.events + EXCLUDED.events,
    with_event_id = c.with_event_id + EXCLUDED.with_event_id,
    with_correlation_id = c.with_correlation_id + EXCLUDED.with_correlation_id,
    with_causation_id = c.with_causation_id + EXCLUDED.with_causation_id,
    duplicates_checked = c.duplicates_checked + EXCLUDED.duplicates_checked,
    duplicate_event_ids = c.duplicate_event_ids + EXCLUDED.duplicate_event_ids,
    dead_letters = c.dead_letters + EXCLUDED.dead_letters,
    conventions = (SELECT coalesce(jsonb_object_agg(name, total), '{}') FROM (
      SELECT name, sum(n::int8) AS total FROM (SELECT * FROM jsonb_each_text(c.conventions) UNION ALL SELECT * FROM jsonb_each_text(EXCLUDED.conventions)) u(name, n) GROUP BY name) t),
    updated_at = now()
  RETURNING 1
)`;

// Rows travel as one json parameter, unpacked with json_to_recordset. Measured (bench
// collector-ingest, 5,000-row writes): json is ~25% cheaper than jsonb, which parses the
// whole document into binary first; unnest over one array per column costs PostgreSQL
// about the same and Node more (node-postgres escapes every element into an array
// literal), and is slower on PGlite.
const WRITE_BATCH = `
WITH r AS (
  SELECT * FROM json_to_recordset($1::json) AS r(
    topic text, partition int, "offset" int8, "timestamp" timestamptz, key text, headers jsonb,
    "eventId" text, "eventType" text, "eventVersion" text, source text, "correlationId" text, "causationId" text,
    "idSources" jsonb, "deadLetterOf" text, size int, "payloadEncoding" text, "payloadPreview" text, "payloadHash" text, problems jsonb,
    "payloadSchema" jsonb)
), ins AS (
  INSERT INTO events (cluster, topic, partition, "offset", "timestamp", key, headers, event_id, event_type, event_version,
                      source, correlation_id, causation_id, id_sources, dead_letter_of, size, payload_encoding, payload_preview, payload_hash, problems,
                      payload_schema)
  SELECT $2, topic, partition, "offset", "timestamp", key, headers, "eventId", "eventType", "eventVersion",
         source, "correlationId", "causationId", "idSources", "deadLetterOf", size, "payloadEncoding", "payloadPreview", "payloadHash",
         ARRAY(SELECT jsonb_array_elements_text(problems)), "payloadSchema"
    FROM r
  ON CONFLICT (cluster, topic, partition, "offset") DO NOTHING
  RETURNING correlation_id, "timestamp", topic, partition, source, event_type, problems, event_id, causation_id, id_sources, dead_letter_of
), agg AS (
  SELECT correlation_id, ${traceSummarySql('ins', { dlq: 5, retry: 6 })}
    FROM ins WHERE correlation_id IS NOT NULL GROUP BY correlation_id
), tr AS (
  INSERT INTO traces AS t (cluster, correlation_id, first_at, last_at, event_count, topics, services, types, has_errors, touched_retry, updated_at)
  SELECT $2, correlation_id, first_at, last_at, n, topics, services, types, has_errors, touched_retry, now()
    FROM agg ORDER BY correlation_id -- one lock order for every writer: no deadlocks between collectors
  ON CONFLICT (cluster, correlation_id) DO UPDATE SET
    first_at = LEAST(t.first_at, EXCLUDED.first_at),
    last_at = GREATEST(t.last_at, EXCLUDED.last_at),
    event_count = t.event_count + EXCLUDED.event_count,
    topics = ARRAY(SELECT DISTINCT unnest(t.topics || EXCLUDED.topics) ORDER BY 1),
    services = ARRAY(SELECT DISTINCT unnest(t.services || EXCLUDED.services) ORDER BY 1),
    types = ARRAY(SELECT DISTINCT unnest(t.types || EXCLUDED.types) ORDER BY 1),
    has_errors = t.has_errors OR EXCLUDED.has_errors,
    touched_retry = t.touched_retry OR EXCLUDED.touched_retry,
    updated_at = now()
  RETURNING correlation_id
), ${COVERAGE_CTES}, pos AS (
  INSERT INTO collector_offsets AS o (group_id, cluster, topic, partition, next_offset, updated_at)
  SELECT $3, $2, p.topic, p.partition, p.next, now() FROM jsonb_to_recordset($4::jsonb) AS p(topic text, partition int, next int8)
  ON CONFLICT (group_id, cluster, topic, partition) DO UPDATE
    SET next_offset = GREATEST(o.next_offset, EXCLUDED.next_offset), updated_at = now()
  RETURNING 1
), flows AS (
  -- Flow map rollups (server/flows), self-contained: it needs from \`ins\` only "timestamp",
  -- topic, source, event_type, problems and causation_id of the rows really inserted.
  -- Each event counts once per step (1 min and 1 h buckets) under its source, topic, type and
  -- the service of its causing event. That cause is looked up among the rows of this same
  -- write (a hash join: a write holds every partition of a fetch), then among events stored
  -- BEFORE this statement (events_event_id_idx); one collected later leaves caused_by '' (the
  -- causal layer undercounts then, it never invents a link). Rows are upserted in key order,
  -- like the traces, so that collectors never deadlock on them.
  INSERT INTO flow_edges AS f (cluster, step_ms, bucket, source, topic, caused_by, event_type, events, errors)
  SELECT $2, g.step, to_timestamp(floor(extract(epoch FROM e."timestamp") * 1000 / g.step) * g.step / 1000.0),
         e.source, e.topic, e.caused_by, e.event_type, count(*),
         count(*) FILTER (WHERE cardinality(e.problems) > 0 OR e.topic ~* $5)
    FROM (SELECT i."timestamp", i.topic, coalesce(i.source, '') AS source, coalesce(i.event_type, '') AS event_type, i.problems,
                 coalesce(b.source, (SELECT c.source FROM events c WHERE c.event_id = i.causation_id AND c.cluster = $2 AND c.source IS NOT NULL LIMIT 1), '') AS caused_by
            FROM ins i
            LEFT JOIN (SELECT DISTINCT ON (event_id) event_id, source FROM ins WHERE source IS NOT NULL ORDER BY event_id) b ON b.event_id = i.causation_id) e
    CROSS JOIN (VALUES (60000), (3600000)) AS g(step)
   GROUP BY 2, 3, 4, 5, 6, 7
   ORDER BY 2, 3, 4, 5, 6, 7
  ON CONFLICT (cluster, step_ms, bucket, source, topic, caused_by, event_type) DO UPDATE
    SET events = f.events + EXCLUDED.events, errors = f.errors + EXCLUDED.errors
  RETURNING 1
)
SELECT (SELECT count(*) FROM ins)::int AS inserted,
       (SELECT coalesce(jsonb_object_agg(topic || '/' || partition, n), '{}') FROM (SELECT topic, partition, count(*) AS n FROM ins GROUP BY 1, 2) c) AS inserted_by,
       (SELECT coalesce(array_agg(correlation_id), '{}') FROM tr) AS traces,
       (SELECT count(*) FROM pos)::int AS positions,
       (SELECT count(*) FROM cov)::int AS coverage`;

const RETRIABLE = new Set(['40001', '40P01']); // serialization failure, deadlock

export function createEventStore(sql: SqlExecutor, opts: { cluster: string; groupId: string; duplicateSampleEvery?: number }) {
  const sampleEvery = opts.duplicateSampleEvery ?? 16;
  if (!Number.isInteger(Math.log2(sampleEvery))) throw new RangeError('duplicateSampleEvery must be a power of two');
  return {
    /** Stores `rows` and moves `positions`, atomically. */
    async write(rows: EventRow[], positions: Position[]): Promise<WriteResult> {
      const params = [JSON.stringify(rows), opts.cluster, opts.groupId, JSON.stringify(positions), ...TRACE_TOPIC_PATTERNS, sampleEvery];
      for (let attempt = 1; ; attempt++) {
        try {
          return await sql.transaction(async (tx) => {
            const { rows: [r] } = await tx.query<{ inserted: number; inserted_by: Record<string, number>; traces: string[] }>(WRITE_BATCH, params);
            return { inserted: r!.inserted, insertedBy: new Map(Object.entries(r!.inserted_by)), traces: r!.traces };
          });
        } catch (err) {
          if (attempt >= 5 || !RETRIABLE.has((err as { code?: string }).code ?? '')) throw err;
        }
      }
    },

    /** Stored positions of this group, by `topic/partition`. */
    async positions(): Promise<Map<string, bigint>> {
      const { rows } = await sql.query<{ topic: string; partition: number; next_offset: bigint }>(
        'SELECT topic, partition, next_offset FROM collector_offsets WHERE group_id = $1 AND cluster = $2',
        [opts.groupId, opts.cluster],
      );
      return new Map(rows.map((r) => [`${r.topic}/${r.partition}`, BigInt(r.next_offset)]));
    },
  };
}

export type EventStore = ReturnType<typeof createEventStore>;
