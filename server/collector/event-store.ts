// The collector's writes: the batches of every partition fetched together
// (write-queue.ts), in one transaction of two statements — the first stores the events
// and moves the collector's positions, the second adds the rows really inserted to the
// rollups (trace summaries, one upsert per correlation id for the whole write; id
// coverage per topic partition; flow edges), computed in JS (write-rollups.ts). A crash at
// any point keeps all of it or none. ON CONFLICT DO NOTHING on (cluster, topic, partition,
// offset) guards against a second writer of the same records (a zombie after a
// rebalance): duplicates are refused, and refused rows do not count in the rollups.
//
// Duplicates (one event id at several offsets of a topic) are checked on a sample of
// event ids chosen by hash (every Nth id, N a power of two; 16 by default): for a sampled
// id, copies within the write plus one probe of the event_id index for a copy stored
// before. All copies of an id share its hash, so a sampled id's copies are all checked:
// duplicate_event_ids / duplicates_checked estimates the duplicate share without bias,
// with the precision of a sample of duplicates_checked events. Each probe costs about what
// inserting the row into the same index costs, so checking every id would add ~20 % to the
// write; 1 in 16 adds ~1 %. Misses: two copies written at the same moment by two writes
// (two collector processes: neither sees the other), and a copy whose earlier twin
// retention removed.
import type { SqlExecutor } from '../store';
import { boolArray, concatArrays, int4Array, int8Array, textArray, timestamptzArray } from '../store/binary-arrays';
import type { EventRow } from './types';
import { planRollups, rollupRow, type RollupRow, type Rollups } from './write-rollups';

export interface Position {
  topic: string;
  partition: number;
  /** The next offset to read. */
  next: string;
}

/**
 * Rows made ready for a write, when they are handed over rather than when their write
 * starts: their columns encoded (binary-arrays.ts), and what the rollups need of them.
 * Their payloads and headers are then only in these buffers, outside the JS heap.
 */
export interface EncodedRows {
  rows: RollupRow[];
  /** The parameters $2…$21 of insertEvents for these rows alone. */
  columns: Buffer[];
}

export interface WriteResult {
  inserted: number;
  /** Rows not inserted because another writer had stored them (usually none). */
  alreadyStored: ReadonlySet<RollupRow>;
  /** Correlation ids whose summaries changed. */
  traces: string[];
}

// Rows travel as one binary array per column (server/store/binary-arrays.ts, which says
// why), unnested here. The same statement moves the positions and looks up, among the
// events stored BEFORE it, what the rollups need (write-rollups.ts): which sampled event
// ids were stored before, and the source of causing events that are not in this write.
// Both probes go through events_event_id_idx; OFFSET 0 keeps them there (flattened, the
// planner may combine it with the (cluster, topic, …) key and scan a whole topic per id
// on a table it has no statistics for yet: seen, 4 ms per id).
// `skipStored` adds ON CONFLICT DO NOTHING: rows another writer stored already are left
// out. Without it a conflict fails the statement; the write is then done again with it.
// Why not always: ON CONFLICT inserts speculatively (a probe of the unique key, then a
// confirmation record per row), ~4 µs of the ~25 µs an event costs PostgreSQL, to cover
// what happens only when two writers race for the same records.
const insertEvents = (skipStored: boolean) => `
WITH ins AS (
  INSERT INTO events (cluster, topic, partition, "offset", "timestamp", key, headers, event_id, event_type, event_version,
                      source, correlation_id, causation_id, id_sources, dead_letter_of, size, payload_encoding, payload_preview, payload_hash, problems,
                      payload_schema)
  SELECT $1, topic, partition, "offset", "timestamp", key, headers, event_id, event_type, event_version,
         source, correlation_id, causation_id, id_sources, dead_letter_of, size, payload_encoding, payload_preview, payload_hash,
         string_to_array(problems, ','), payload_schema
    -- unnest in the select list runs as a stream (ProjectSet); in FROM, each array would
    -- first be copied into a tuplestore, spilling to disk past work_mem (~10 MB a write).
    FROM (SELECT unnest($2::text[]) AS topic, unnest($3::int4[]) AS partition, unnest($4::int8[]) AS "offset",
                 unnest($5::timestamptz[]) AS "timestamp", unnest($6::text[]) AS key, unnest($7::jsonb[]) AS headers,
                 unnest($8::text[]) AS event_id, unnest($9::text[]) AS event_type, unnest($10::text[]) AS event_version,
                 unnest($11::text[]) AS source, unnest($12::text[]) AS correlation_id, unnest($13::text[]) AS causation_id,
                 unnest($14::jsonb[]) AS id_sources, unnest($15::text[]) AS dead_letter_of, unnest($16::int4[]) AS size,
                 unnest($17::text[]) AS payload_encoding, unnest($18::text[]) AS payload_preview, unnest($19::text[]) AS payload_hash,
                 unnest($20::text[]) AS problems, unnest($21::jsonb[]) AS payload_schema) r
  ${skipStored ? 'ON CONFLICT (cluster, topic, partition, "offset") DO NOTHING' : ''}
  RETURNING topic, partition, "offset"
), pos AS (
  INSERT INTO collector_offsets AS o (group_id, cluster, topic, partition, next_offset, updated_at)
  SELECT $22, $1, p.topic, p.partition, p.next, now() FROM unnest($23::text[], $24::int4[], $25::int8[]) AS p(topic, partition, next)
  ON CONFLICT (group_id, cluster, topic, partition) DO UPDATE
    SET next_offset = GREATEST(o.next_offset, EXCLUDED.next_offset), updated_at = now()
  RETURNING 1
), stored AS (
  SELECT s.topic, s.event_id FROM unnest($26::text[], $27::text[]) AS s(topic, event_id)
   WHERE EXISTS (SELECT 1 FROM (SELECT cluster, topic FROM events e WHERE e.event_id = s.event_id OFFSET 0) m WHERE m.cluster = $1 AND m.topic = s.topic)
), causes AS (
  SELECT c.id, (SELECT m.source FROM (SELECT cluster, source FROM events e WHERE e.event_id = c.id OFFSET 0) m
                 WHERE m.cluster = $1 AND m.source IS NOT NULL LIMIT 1) AS source
    FROM unnest($28::text[]) AS c(id)
), n AS (SELECT count(*)::int AS inserted FROM ins)
SELECT n.inserted,
       (SELECT count(*) FROM pos)::int AS positions,
       -- Only when some rows were already stored: which ones were new.
       CASE WHEN n.inserted < $29 THEN (SELECT coalesce(array_agg(topic || '/' || partition || '/' || "offset"), '{}') FROM ins) END AS inserted_keys,
       (SELECT json_agg(json_build_array(topic, event_id)) FROM stored) AS stored_before,
       (SELECT json_agg(json_build_array(id, source)) FROM causes WHERE source IS NOT NULL) AS cause_sources
  FROM n`;

// The rollups of the rows inserted (write-rollups.ts), each upserted in key order so that
// concurrent writers take row locks in one order and never deadlock. Lists of a new trace
// are sorted here, in the database's collation, as the merge of an existing one is.
const UPSERT_ROLLUPS = `
WITH tr AS (
  INSERT INTO traces AS t (cluster, correlation_id, first_at, last_at, event_count, topics, services, types, has_errors, touched_retry, updated_at)
  SELECT $1, x.id, x.first_at, x.last_at, x.n,
         ARRAY(SELECT json_array_elements_text(x.topics::json) ORDER BY 1),
         ARRAY(SELECT json_array_elements_text(x.services::json) ORDER BY 1),
         ARRAY(SELECT json_array_elements_text(x.types::json) ORDER BY 1),
         x.has_errors, x.touched_retry, now()
    FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[], $5::int4[], $6::text[], $7::text[], $8::text[], $9::bool[], $10::bool[])
      AS x(id, first_at, last_at, n, topics, services, types, has_errors, touched_retry)
   ORDER BY x.id
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
  RETURNING 1
), cov AS (
  INSERT INTO topic_coverage AS c (cluster, topic, partition, events, with_event_id, with_correlation_id, with_causation_id, duplicates_checked, duplicate_event_ids, dead_letters, conventions)
  SELECT $1, k.* FROM unnest($11::text[], $12::int4[], $13::int4[], $14::int4[], $15::int4[], $16::int4[], $17::int4[], $18::int4[], $19::int4[], $20::jsonb[])
      AS k(topic, partition, events, with_event_id, with_correlation, with_causation, checked, dups, dead_letters, conventions)
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
), flows AS (
  INSERT INTO flow_edges AS f (cluster, step_ms, bucket, source, topic, caused_by, event_type, events, errors)
  SELECT $1, e.* FROM unnest($21::int4[], $22::timestamptz[], $23::text[], $24::text[], $25::text[], $26::text[], $27::int4[], $28::int4[])
      AS e(step_ms, bucket, source, topic, caused_by, event_type, events, errors)
   ORDER BY 2, 3, 4, 5, 6, 7
  ON CONFLICT (cluster, step_ms, bucket, source, topic, caused_by, event_type) DO UPDATE
    SET events = f.events + EXCLUDED.events, errors = f.errors + EXCLUDED.errors
  RETURNING 1
)
SELECT (SELECT count(*) FROM tr)::int AS traces, (SELECT count(*) FROM cov)::int AS coverage, (SELECT count(*) FROM flows)::int AS flows`;

const INSERT_EVENTS = insertEvents(false);
const INSERT_NEW_EVENTS = insertEvents(true);
const RETRIABLE = new Set(['40001', '40P01']); // serialization failure, deadlock
const UNIQUE_VIOLATION = '23505';

interface InsertAnswer {
  inserted: number;
  inserted_keys: string[] | null;
  stored_before: [string, string][] | null;
  cause_sources: [string, string][] | null;
}

/**
 * JSON of an object that rows share (read-ids.ts gives rows with the same conventions one
 * `idSources` object): written once per object per batch rather than once per row.
 */
function sharedJson(of: (r: EventRow) => object): (r: EventRow) => string {
  const done = new Map<object, string>();
  return (r) => {
    const o = of(r);
    let json = done.get(o);
    if (json === undefined) done.set(o, (json = JSON.stringify(o)));
    return json;
  };
}

/** The parameters $2…$21 of insertEvents: one array per column, in its order. */
function eventColumns(rows: readonly EventRow[], times: readonly number[]): Buffer[] {
  const text = (f: (r: EventRow) => string | null) => textArray(rows.map(f));
  return [
    text((r) => r.topic),
    int4Array(rows.map((r) => r.partition)),
    int8Array(rows.map((r) => r.offset)),
    timestamptzArray(times),
    text((r) => r.key),
    textArray(rows.map((r) => JSON.stringify(r.headers)), true),
    text((r) => r.eventId),
    text((r) => r.eventType),
    text((r) => r.eventVersion),
    text((r) => r.source),
    text((r) => r.correlationId),
    text((r) => r.causationId),
    textArray(rows.map(sharedJson((r) => r.idSources)), true),
    text((r) => r.deadLetterOf),
    int4Array(rows.map((r) => r.size)),
    text((r) => r.payloadEncoding),
    text((r) => r.payloadPreview),
    text((r) => r.payloadHash),
    text((r) => r.problems.join(',')), // problem names hold no comma
    textArray(rows.map((r) => (r.payloadSchema ? JSON.stringify(r.payloadSchema) : null)), true),
  ];
}

/** The parameters $2…$28 of UPSERT_ROLLUPS. */
function rollupColumns({ traces, coverage, flows }: Rollups): Buffer[] {
  return [
    textArray(traces.map((t) => t.correlationId)),
    timestamptzArray(traces.map((t) => t.firstAt)),
    timestamptzArray(traces.map((t) => t.lastAt)),
    int4Array(traces.map((t) => t.events)),
    textArray(traces.map((t) => JSON.stringify(t.topics))),
    textArray(traces.map((t) => JSON.stringify(t.services))),
    textArray(traces.map((t) => JSON.stringify(t.types))),
    boolArray(traces.map((t) => t.hasErrors)),
    boolArray(traces.map((t) => t.touchedRetry)),
    textArray(coverage.map((c) => c.topic)),
    int4Array(coverage.map((c) => c.partition)),
    int4Array(coverage.map((c) => c.events)),
    int4Array(coverage.map((c) => c.withEventId)),
    int4Array(coverage.map((c) => c.withCorrelationId)),
    int4Array(coverage.map((c) => c.withCausationId)),
    int4Array(coverage.map((c) => c.duplicatesChecked)),
    int4Array(coverage.map((c) => c.duplicateEventIds)),
    int4Array(coverage.map((c) => c.deadLetters)),
    textArray(coverage.map((c) => JSON.stringify(c.conventions)), true),
    int4Array(flows.map((f) => f.stepMs)),
    timestamptzArray(flows.map((f) => f.bucket)),
    textArray(flows.map((f) => f.source)),
    textArray(flows.map((f) => f.topic)),
    textArray(flows.map((f) => f.causedBy)),
    textArray(flows.map((f) => f.eventType)),
    int4Array(flows.map((f) => f.events)),
    int4Array(flows.map((f) => f.errors)),
  ];
}

/** One position per partition, the furthest (ON CONFLICT DO UPDATE may touch a row once per statement). */
function latestPositions(positions: readonly Position[]): Position[] {
  const by = new Map<string, Position>();
  for (const p of positions) {
    const k = `${p.topic}/${p.partition}`;
    const cur = by.get(k);
    if (!cur || BigInt(p.next) > BigInt(cur.next)) by.set(k, p);
  }
  return [...by.values()];
}

export function createEventStore(sql: SqlExecutor, opts: { cluster: string; groupId: string; duplicateSampleEvery?: number }) {
  const sampleEvery = opts.duplicateSampleEvery ?? 16;
  if (!Number.isInteger(Math.log2(sampleEvery))) throw new RangeError('duplicateSampleEvery must be a power of two');

  /** Encodes rows for writeEncoded (the collector does it as each batch is handed over). */
  function encode(rows: readonly EventRow[]): EncodedRows {
    // Rows of one producer batch mostly share their timestamp: parsed once per run of them.
    let last = '';
    let ms = 0;
    const times = rows.map((r) => (r.timestamp === last ? ms : (ms = Date.parse((last = r.timestamp)))));
    return { rows: rows.map((r, i) => rollupRow(r, times[i]!)), columns: eventColumns(rows, times) };
  }

  /** Stores the encoded batches, in order, and moves `positions`, atomically. */
  async function writeEncoded(batches: readonly EncodedRows[], positions: Position[]): Promise<WriteResult> {
    const rows = batches.length === 1 ? batches[0]!.rows : batches.flatMap((b) => b.rows);
    const columns = batches[0]!.columns.map((_, c) => concatArrays(batches.map((b) => b.columns[c]!)));
    const latest = latestPositions(positions);
    let skipStored = false;
    for (let attempt = 1; ; attempt++) {
      try {
        return await sql.transaction(async (tx) => {
          // The probes' cost estimates on a table without statistics yet (a few hundred
          // index probes, each guessed at hundreds of rows) pass jit_above_cost: PostgreSQL
          // then spent ~0.5 s compiling each write's statement (measured: half its CPU).
          await tx.query('SET LOCAL jit = off');
          let plan = planRollups(rows, { sampleEvery });
          const { rows: [r] } = await tx.query<InsertAnswer>(skipStored ? INSERT_NEW_EVENTS : INSERT_EVENTS, [
            opts.cluster, ...columns,
            opts.groupId, textArray(latest.map((p) => p.topic)), int4Array(latest.map((p) => p.partition)), int8Array(latest.map((p) => p.next)),
            textArray(plan.lookups.sampled.map((s) => s.topic)), textArray(plan.lookups.sampled.map((s) => s.eventId)), textArray(plan.lookups.causes),
            rows.length,
          ]);
          let inserted = rows;
          if (r!.inserted < rows.length) {
            // Some rows were stored already (by another writer): the rollups count only the new ones.
            const fresh = new Set(r!.inserted_keys ?? []);
            inserted = rows.filter((row) => fresh.has(`${row.topic}/${row.partition}/${row.offset}`));
            plan = planRollups(inserted, { sampleEvery });
          }
          const rollups = plan.finish({
            storedBefore: new Set((r!.stored_before ?? []).map(([topic, id]) => `${topic}\u0000${id}`)),
            causeSources: new Map(r!.cause_sources ?? []),
          });
          if (inserted.length > 0) await tx.query(UPSERT_ROLLUPS, [opts.cluster, ...rollupColumns(rollups)]);
          const alreadyStored = new Set<RollupRow>();
          if (inserted !== rows) {
            const isNew = new Set(inserted);
            for (const row of rows) if (!isNew.has(row)) alreadyStored.add(row);
          }
          return { inserted: inserted.length, alreadyStored, traces: rollups.traces.map((t) => t.correlationId) };
        });
      } catch (err) {
        const code = (err as { code?: string }).code ?? '';
        if (code === UNIQUE_VIOLATION && !skipStored) skipStored = true; // another writer stored some of these rows: again, without them
        else if (attempt >= 5 || !RETRIABLE.has(code)) throw err;
      }
    }
  }

  return {
    encode,
    /** Stores `rows` and moves `positions`, atomically. */
    write: (rows: EventRow[], positions: Position[]): Promise<WriteResult> => writeEncoded([encode(rows)], positions),
    writeEncoded,

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

