// Reads for the traces pages. Paging is by keyset on (last_at DESC, correlation_id DESC)
// so page 10,000 costs what page 1 costs.
import type { SqlExecutor } from '../store';
import { COPY_WRITER_HEADERS, copyWriterOf, type CopyWriter, type CopyWriterHeader } from '../../lib/copy-writer';
import { storedHeaderSql } from '../collector/copy-writer-sql';
import { TRACE_EVENTS_MAX, type PayloadSchema, type TraceDetail, type TraceEvent, type TraceEventDetail, type TracePage, type TraceReplay, type TraceSummary, traceSearchSchema } from '../../lib/trace-types';
import type { z } from 'zod';
import { loadPickups } from './pickup-queries';

type Search = z.output<typeof traceSearchSchema>;

interface TraceRow {
  correlation_id: string;
  first_at: Date;
  last_at: Date;
  event_count: number;
  topics: string[] | null;
  services: string[] | null;
  types: string[] | null;
  has_errors: boolean;
  touched_retry: boolean;
}

const toSummary = (r: TraceRow): TraceSummary => ({
  correlationId: r.correlation_id,
  firstAt: r.first_at.toISOString(),
  lastAt: r.last_at.toISOString(),
  durationMs: r.last_at.getTime() - r.first_at.getTime(),
  eventCount: r.event_count,
  topics: r.topics ?? [],
  services: r.services ?? [],
  types: r.types ?? [],
  hasErrors: r.has_errors,
  touchedRetry: r.touched_retry,
});

/** The headers the copy-writer rule reads (lib/copy-writer.ts), as columns w0…: a handful of values, not every header of 20 000 events. */
const WRITER_HEADERS: readonly CopyWriterHeader[] = Object.values(COPY_WRITER_HEADERS);

const EVENT_COLUMNS = `id, topic, partition, "offset", "timestamp", key, event_id, event_type, event_version, source, correlation_id, causation_id, id_sources, dead_letter_of, size, problems,
  headers->>'x-eventline-replay-of' AS replay_of, headers->>'x-eventline-replay-id' AS replay_id,
  ${WRITER_HEADERS.map((h, i) => `${storedHeaderSql('events', h)} AS w${i}`).join(', ')}`;

interface EventRowDb {
  id: bigint;
  topic: string;
  partition: number;
  offset: bigint;
  timestamp: Date;
  key: string | null;
  event_id: string;
  event_type: string | null;
  event_version: string | null;
  source: string | null;
  correlation_id: string | null;
  causation_id: string | null;
  id_sources: Record<string, string> | null;
  dead_letter_of: string | null;
  size: number;
  problems: string[] | null;
  replay_of: string | null;
  replay_id: string | null;
  [writerHeader: `w${number}`]: string | null;
}

/** The collector's rule on the stored headers: the same writer its flow rollups drew the event from. */
function writerOf(r: EventRowDb): CopyWriter | null {
  if (WRITER_HEADERS.every((_, i) => r[`w${i}`] == null)) return null;
  return copyWriterOf(r.topic, (name) => r[`w${WRITER_HEADERS.indexOf(name)}`]);
}

const toEvent = (r: EventRowDb): TraceEvent => ({
  id: String(r.id),
  topic: r.topic,
  partition: r.partition,
  offset: String(r.offset),
  timestamp: r.timestamp.toISOString(),
  key: r.key,
  eventId: r.event_id,
  eventType: r.event_type,
  eventVersion: r.event_version,
  source: r.source,
  correlationId: r.correlation_id,
  causationId: r.causation_id,
  idSources: r.id_sources ?? {},
  deadLetterOf: r.dead_letter_of,
  writer: writerOf(r),
  size: r.size,
  problems: r.problems ?? [],
  replayOf: r.replay_of,
  replayJobId: r.replay_id,
});

function encodeCursor(s: TraceSummary): string {
  return Buffer.from(JSON.stringify([s.lastAt, s.correlationId])).toString('base64url');
}
function decodeCursor(c: string): [string, string] | null {
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'string' && !Number.isNaN(Date.parse(v[0]))) return [v[0], v[1]];
  } catch {
    /* a bad cursor is the first page */
  }
  return null;
}

export function createTraceQueries(sql: SqlExecutor, cluster = 'default') {
  return {
    async search(s: Search): Promise<TracePage> {
      const where: string[] = ['cluster = $1'];
      const params: unknown[] = [cluster];
      const p = (v: unknown) => {
        params.push(v);
        return `$${params.length}`;
      };
      if (s.q) {
        // A correlation id, or the id or key of any of its events.
        const q = p(s.q);
        // One IN over a UNION (not `= q OR IN (…)`, which defeats the primary key): each
        // branch is an index lookup, and the traces found are joined by their key.
        where.push(
          `correlation_id IN (SELECT ${q}::text UNION SELECT correlation_id FROM (SELECT correlation_id FROM events WHERE cluster = $1 AND (event_id = ${q} OR key = ${q}) AND correlation_id IS NOT NULL LIMIT 1000) m)`,
        );
      }
      // `col @> ARRAY[x]` is what a GIN index on the array answers; `x = ANY(col)` is not.
      if (s.type) where.push(`types @> ARRAY[${p(s.type)}::text]`);
      if (s.topic) where.push(`topics @> ARRAY[${p(s.topic)}::text]`);
      if (s.service) where.push(`services @> ARRAY[${p(s.service)}::text]`);
      if (s.from) where.push(`last_at >= ${p(s.from)}::timestamptz`);
      if (s.to) where.push(`first_at <= ${p(s.to)}::timestamptz`);
      if (s.errors === 'true') where.push('has_errors');
      if (s.errors === 'false') where.push('NOT has_errors');
      const cursor = s.cursor ? decodeCursor(s.cursor) : null;
      if (cursor) where.push(`(last_at, correlation_id) < (${p(cursor[0])}::timestamptz, ${p(cursor[1])})`);
      const { rows } = await sql.query<TraceRow>(
        `SELECT correlation_id, first_at, last_at, event_count, topics, services, types, has_errors, touched_retry
           FROM traces WHERE ${where.join(' AND ')} ORDER BY last_at DESC, correlation_id DESC LIMIT ${p(s.limit + 1)}`,
        params,
      );
      const traces = rows.slice(0, s.limit).map(toSummary);
      return { traces, nextCursor: rows.length > s.limit ? encodeCursor(traces[traces.length - 1]!) : null };
    },

    async trace(correlationId: string): Promise<TraceDetail | null> {
      const { rows } = await sql.query<TraceRow>(
        `SELECT correlation_id, first_at, last_at, event_count, topics, services, types, has_errors, touched_retry
           FROM traces WHERE cluster = $1 AND correlation_id = $2`,
        [cluster, correlationId],
      );
      if (!rows[0]) return null;
      const events = await sql.query<EventRowDb>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE cluster = $1 AND correlation_id = $2 ORDER BY "timestamp", id LIMIT $3`,
        [cluster, correlationId, TRACE_EVENTS_MAX + 1],
      );
      const shown = events.rows.slice(0, TRACE_EVENTS_MAX).map(toEvent);
      return {
        summary: toSummary(rows[0]),
        events: shown,
        truncated: events.rows.length > TRACE_EVENTS_MAX,
        pickups: await loadPickups(sql, shown),
        replays: await loadReplays(sql, shown),
      };
    },

    async event(id: string): Promise<TraceEventDetail | null> {
      if (!/^\d{1,19}$/.test(id)) return null;
      type DetailRow = EventRowDb & {
        headers: Record<string, string>;
        payload_encoding: TraceEventDetail['payloadEncoding'];
        payload_preview: string | null;
        payload_hash: string | null;
        payload_schema: PayloadSchema | null;
      };
      const { rows } = await sql.query<DetailRow>(
        `SELECT ${EVENT_COLUMNS}, headers, payload_encoding, payload_preview, payload_hash, payload_schema FROM events WHERE cluster = $1 AND id = $2`,
        [cluster, id],
      );
      const r = rows[0];
      if (!r) return null;
      return {
        ...toEvent(r),
        headers: r.headers,
        payloadEncoding: r.payload_encoding,
        payloadPreview: r.payload_preview,
        payloadHash: r.payload_hash,
        payloadSchema: r.payload_schema,
      };
    },
  };
}

export type TraceQueries = ReturnType<typeof createTraceQueries>;

/** The replay jobs (who, when) behind the replayed copies among a trace's events. */
async function loadReplays(sql: SqlExecutor, events: TraceEvent[]): Promise<TraceReplay[]> {
  const perJob = new Map<string, number>();
  for (const e of events) if (e.replayJobId && /^[0-9a-f-]{36}$/i.test(e.replayJobId)) perJob.set(e.replayJobId, (perJob.get(e.replayJobId) ?? 0) + 1);
  if (perJob.size === 0) return [];
  const { rows } = await sql.query<{ id: string; created_by: string; created_at: Date }>(
    `SELECT id::text AS id, created_by, created_at FROM replay_jobs WHERE id = ANY($1::uuid[]) ORDER BY created_at`,
    [[...perJob.keys()]],
  );
  return rows.map((r) => ({ jobId: r.id, createdBy: r.created_by, createdAt: r.created_at.toISOString(), events: perJob.get(r.id) ?? 0 }));
}
