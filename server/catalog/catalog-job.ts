import { accumulate, emptyShape, type FieldShape } from '../../lib/infer-shape';
import type { Logger } from '../log/logger';
import { createPollLoop, backoffDelay } from '../polling/poll-loop';
import type { SqlExecutor } from '../store/sql-executor';

/** Events folded per transaction: big enough to amortise the reads, small enough to hold a lock briefly. */
export const CATALOG_BATCH = 5000;
const WATERMARK = 'catalog';
/**
 * Payloads of a type and version shaped before changes count as drift: the first few
 * events of a new type still show which optional fields it has, and calling each of
 * those "drift" would bury the real changes.
 */
export const DRIFT_AFTER = 20;

type EventRow = {
  id: bigint;
  cluster: string;
  topic: string;
  timestamp: Date;
  event_type: string | null;
  event_version: string | null;
  source: string | null;
  payload_encoding: string;
  payload_preview: string | null;
  problems: string[] | null;
};

type EntryRow = {
  cluster: string;
  event_type: string;
  version: string;
  shape: FieldShape;
  event_count: bigint;
  unshaped_count: bigint;
  first_at: Date;
  last_at: Date;
  producers: string[] | null;
  topics: string[] | null;
  sample_event_id: bigint;
};

type Entry = Omit<EntryRow, 'producers' | 'topics'> & { producers: Set<string>; topics: Set<string> };
type DriftRow = { cluster: string; event_type: string; version: string; path: string; kind: string; before: string[]; after: string[]; event_id: string };

/** The JSON payload of a stored event, or undefined when it has none whole (not JSON, or cut). */
function payloadOf(e: EventRow): unknown {
  if (e.payload_encoding !== 'json' || e.payload_preview === null || e.problems?.includes('payload_truncated')) return undefined;
  try {
    return JSON.parse(e.payload_preview);
  } catch {
    return undefined;
  }
}

/** Caps what one entry remembers of producers and topics: a type written from everywhere must not grow a row forever. */
const MAX_NAMES = 50;
const addName = (set: Set<string>, name: string | null) => {
  if (name && set.size < MAX_NAMES) set.add(name);
};

/**
 * Folds the events after the watermark into the catalog, in one transaction: the watermark
 * row is locked first, so two servers running the job never fold the same events twice.
 * Returns how many events it read (0: caught up).
 */
export async function foldNewEvents(
  sql: SqlExecutor,
  { batch = CATALOG_BATCH, driftAfter = DRIFT_AFTER }: { batch?: number; driftAfter?: number } = {},
): Promise<{ read: number; drift: number }> {
  return sql.transaction(async (tx) => {
    await tx.query(`INSERT INTO job_watermarks (name, last_event_id) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING`, [WATERMARK]);
    const [mark] = (await tx.query<{ last_event_id: bigint }>(`SELECT last_event_id FROM job_watermarks WHERE name = $1 FOR UPDATE`, [WATERMARK])).rows;
    const events = (
      await tx.query<EventRow>(
        `SELECT id, cluster, topic, timestamp, event_type, event_version, source, payload_encoding, payload_preview, problems
           FROM events WHERE id > $1 ORDER BY id LIMIT $2`,
        [mark!.last_event_id, batch],
      )
    ).rows;
    if (events.length === 0) return { read: 0, drift: 0 };

    const typed = events.filter((e) => e.event_type !== null);
    const keyOf = (cluster: string, type: string, version: string) => JSON.stringify([cluster, type, version]);
    const wanted = [...new Set(typed.map((e) => keyOf(e.cluster, e.event_type!, e.event_version ?? '')))].map((k) => JSON.parse(k) as [string, string, string]);
    const entries = new Map<string, Entry>();
    if (wanted.length) {
      const existing = await tx.query<EntryRow>(
        `SELECT c.* FROM catalog_entries c
           JOIN unnest($1::text[], $2::text[], $3::text[]) AS w(cluster, event_type, version)
             ON c.cluster = w.cluster AND c.event_type = w.event_type AND c.version = w.version`,
        [wanted.map((w) => w[0]), wanted.map((w) => w[1]), wanted.map((w) => w[2])],
      );
      for (const row of existing.rows) {
        entries.set(keyOf(row.cluster, row.event_type, row.version), { ...row, producers: new Set(row.producers ?? []), topics: new Set(row.topics ?? []) });
      }
    }

    const drift: DriftRow[] = [];
    for (const e of typed) {
      const version = e.event_version ?? '';
      const key = keyOf(e.cluster, e.event_type!, version);
      let entry = entries.get(key);
      if (!entry) {
        entry = {
          cluster: e.cluster, event_type: e.event_type!, version, shape: emptyShape(), event_count: 0n, unshaped_count: 0n,
          first_at: e.timestamp, last_at: e.timestamp, producers: new Set(), topics: new Set(), sample_event_id: e.id,
        };
        entries.set(key, entry);
      }
      entry.event_count += 1n;
      if (e.timestamp < entry.first_at) entry.first_at = e.timestamp;
      if (e.timestamp > entry.last_at) entry.last_at = e.timestamp;
      entry.sample_event_id = e.id;
      addName(entry.producers, e.source);
      addName(entry.topics, e.topic);
      const payload = payloadOf(e);
      if (payload === undefined) {
        entry.unshaped_count += 1n;
        continue;
      }
      const target = entry;
      const settled = entry.shape.seen >= driftAfter;
      accumulate(entry.shape, payload, (n) =>
        settled &&
        drift.push({ cluster: target.cluster, event_type: target.event_type, version, path: n.path || '(root)', kind: n.kind, before: n.before, after: [...n.before, n.after], event_id: e.id.toString() }),
      );
    }

    if (entries.size) {
      const rows = [...entries.values()].map((en) => ({
        cluster: en.cluster, event_type: en.event_type, version: en.version, shape: en.shape,
        event_count: en.event_count.toString(), unshaped_count: en.unshaped_count.toString(),
        first_at: en.first_at.toISOString(), last_at: en.last_at.toISOString(),
        producers: [...en.producers].sort(), topics: [...en.topics].sort(), sample_event_id: en.sample_event_id.toString(),
      }));
      await tx.query(
        `INSERT INTO catalog_entries (cluster, event_type, version, shape, event_count, unshaped_count, first_at, last_at, producers, topics, sample_event_id, updated_at)
         SELECT r.cluster, r.event_type, r.version, r.shape, r.event_count, r.unshaped_count, r.first_at, r.last_at, r.producers, r.topics, r.sample_event_id, now()
           FROM jsonb_to_recordset($1::jsonb) AS r(cluster text, event_type text, version text, shape jsonb, event_count bigint, unshaped_count bigint,
                first_at timestamptz, last_at timestamptz, producers text[], topics text[], sample_event_id bigint)
         ON CONFLICT (cluster, event_type, version) DO UPDATE SET
           shape = excluded.shape, event_count = excluded.event_count, unshaped_count = excluded.unshaped_count,
           first_at = excluded.first_at, last_at = excluded.last_at, producers = excluded.producers, topics = excluded.topics,
           sample_event_id = excluded.sample_event_id, updated_at = excluded.updated_at`,
        [JSON.stringify(rows)],
      );
    }
    if (drift.length) {
      await tx.query(
        `INSERT INTO catalog_drift (cluster, event_type, version, path, kind, before, after, event_id)
         SELECT r.cluster, r.event_type, r.version, r.path, r.kind, r.before, r.after, r.event_id
           FROM jsonb_to_recordset($1::jsonb) AS r(cluster text, event_type text, version text, path text, kind text, before text[], after text[], event_id bigint)`,
        [JSON.stringify(drift)],
      );
    }
    await tx.query(`UPDATE job_watermarks SET last_event_id = $2, updated_at = now() WHERE name = $1`, [WATERMARK, events.at(-1)!.id.toString()]);
    return { read: events.length, drift: drift.length };
  });
}

/**
 * The background job: folds new events every `intervalMs`, and back to back while it is
 * behind, so a page view never scans the store.
 */
export function createCatalogJob(deps: { sql: SqlExecutor; log: Logger; intervalMs?: number; batch?: number }) {
  const intervalMs = deps.intervalMs ?? 5000;
  let failures = 0;
  let behind = false;
  const loop = createPollLoop({
    run: async () => {
      try {
        const { read } = await foldNewEvents(deps.sql, { batch: deps.batch });
        behind = read === (deps.batch ?? CATALOG_BATCH);
        failures = 0;
      } catch (err) {
        failures += 1;
        behind = false;
        deps.log.warn('catalog job failed; retrying', { error: (err as Error).message, failures });
      }
    },
    delay: () => (behind ? 0 : backoffDelay(failures, intervalMs)),
  });
  return { start: () => loop.start(), stop: () => loop.stop(), runNow: () => loop.runNow() };
}
