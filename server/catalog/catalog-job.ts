import type { FieldShape } from '../../lib/infer-shape';
import type { Logger } from '../log/logger';
import { createPollLoop, backoffDelay } from '../polling/poll-loop';
import type { SqlExecutor } from '../store/sql-executor';
import { GAP_TTL_MS, gapsInRead, nextGaps, parseGaps } from './watermark-gaps';
import { entryKey, foldRows, type DriftRow, type Entry, type FoldRow, type MinuteRow } from './fold-batch';

/** Events folded per transaction: big enough to amortise the reads, small enough to hold a lock briefly. */
export const CATALOG_BATCH = 5000;
/**
 * Payload bytes read per transaction at most: previews are up to 64 KB each, and 5,000 of
 * those would be 320 MB in memory at once. A batch stops before the event that passes it
 * (one event always goes through).
 */
export const CATALOG_BATCH_BYTES = 16 * 1024 * 1024;
const WATERMARK = 'catalog';
/**
 * Payloads of a type and version shaped before changes count as drift: the first few
 * events of a new type still show which optional fields it has, and calling each of
 * those "drift" would bury the real changes.
 */
export const DRIFT_AFTER = 20;
/** Producer counts per minute are kept this long: the version view reads the last hour. */
export const RATE_RETENTION_MS = 24 * 3_600_000;
/** How often the job prunes old producer counts. */
const PRUNE_EVERY_MS = 10 * 60_000;

// The payload comes back only when it can be shaped (typed, JSON, whole): the rest of the
// row is a few short columns, so a batch of untyped or binary events costs little to read.
// The running sum stops the batch before CATALOG_BATCH_BYTES of payloads (the first payload
// always goes, however big: `running` is then its own length).
const FOLD_COLUMNS = `id, cluster, topic, round(extract(epoch FROM "timestamp") * 1000)::float8 AS ts, event_type, event_version, source,
       CASE WHEN event_type IS NOT NULL AND payload_encoding = 'json'
                 AND NOT coalesce(problems @> ARRAY['payload_truncated'], false)
            THEN payload_preview END AS json`;
const READ_BATCH = `
SELECT id, cluster, topic, ts, event_type, event_version, source, json
  FROM (SELECT b.*, sum(coalesce(length(b.json), 0)) OVER (ORDER BY b.id) AS running
          FROM (SELECT ${FOLD_COLUMNS}
                  FROM events WHERE id > $1 ORDER BY id LIMIT $2) b) c
 WHERE running <= $3 OR running = coalesce(length(json), 0)
 ORDER BY id`;
/** Rows that showed up in the pending gaps below the watermark (watermark-gaps.ts). */
const READ_GAPS = `
SELECT ${FOLD_COLUMNS}
  FROM events JOIN unnest($1::bigint[], $2::bigint[]) AS g(lo, hi) ON events.id BETWEEN g.lo AND g.hi
 ORDER BY id`;

type EntryRow = Omit<Entry, 'producers' | 'topics'> & { producers: string[] | null; topics: string[] | null; shape: FieldShape };

async function loadEntries(tx: SqlExecutor, rows: readonly FoldRow[]): Promise<Map<string, Entry>> {
  const entries = new Map<string, Entry>();
  const wanted = new Map<string, [string, string, string]>();
  for (const e of rows) if (e.event_type !== null) wanted.set(entryKey(e.cluster, e.event_type, e.event_version ?? ''), [e.cluster, e.event_type, e.event_version ?? '']);
  if (!wanted.size) return entries;
  const keys = [...wanted.values()];
  const existing = await tx.query<EntryRow>(
    `SELECT c.cluster, c.event_type, c.version, c.shape, c.event_count, c.unshaped_count, c.first_at, c.last_at, c.producers, c.topics, c.sample_event_id
       FROM catalog_entries c
       JOIN unnest($1::text[], $2::text[], $3::text[]) AS w(cluster, event_type, version)
         ON c.cluster = w.cluster AND c.event_type = w.event_type AND c.version = w.version`,
    [keys.map((w) => w[0]), keys.map((w) => w[1]), keys.map((w) => w[2])],
  );
  for (const row of existing.rows) {
    entries.set(entryKey(row.cluster, row.event_type, row.version), { ...row, producers: new Set(row.producers ?? []), topics: new Set(row.topics ?? []) });
  }
  return entries;
}

async function writeEntries(tx: SqlExecutor, entries: Map<string, Entry>) {
  if (!entries.size) return;
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

async function writeDrift(tx: SqlExecutor, drift: DriftRow[]) {
  if (!drift.length) return;
  await tx.query(
    `INSERT INTO catalog_drift (cluster, event_type, version, path, kind, before, after, event_id, seen_at)
     SELECT r.cluster, r.event_type, r.version, r.path, r.kind, r.before, r.after, r.event_id, r.seen_at
       FROM jsonb_to_recordset($1::jsonb) AS r(cluster text, event_type text, version text, path text, kind text, before text[], after text[], event_id bigint, seen_at timestamptz)`,
    [JSON.stringify(drift)],
  );
}

async function writeMinutes(tx: SqlExecutor, minutes: MinuteRow[]) {
  if (!minutes.length) return;
  await tx.query(
    `INSERT INTO catalog_producer_minutes (cluster, event_type, version, source, bucket, events)
     SELECT r.cluster, r.event_type, r.version, r.source, r.bucket, r.events
       FROM jsonb_to_recordset($1::jsonb) AS r(cluster text, event_type text, version text, source text, bucket timestamptz, events bigint)
     ON CONFLICT (cluster, event_type, version, source, bucket) DO UPDATE SET events = catalog_producer_minutes.events + excluded.events`,
    [JSON.stringify(minutes)],
  );
}

/**
 * Folds the events after the watermark into the catalog, in one transaction: the watermark
 * row is locked first, so two servers running the job never fold the same events twice.
 * `more` says the batch was cut (by count or by bytes): there is probably more to read.
 */
export async function foldNewEvents(
  sql: SqlExecutor,
  { batch = CATALOG_BATCH, batchBytes = CATALOG_BATCH_BYTES, driftAfter = DRIFT_AFTER, gapTtlMs = GAP_TTL_MS }: { batch?: number; batchBytes?: number; driftAfter?: number; gapTtlMs?: number } = {},
): Promise<{ read: number; drift: number; more: boolean }> {
  return sql.transaction(async (tx) => {
    await tx.query(`INSERT INTO job_watermarks (name, last_event_id) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING`, [WATERMARK]);
    const [mark] = (
      await tx.query<{ last_event_id: bigint; pending_gaps: unknown; now_ms: number }>(
        `SELECT last_event_id, pending_gaps, (extract(epoch FROM now()) * 1000)::float8 AS now_ms FROM job_watermarks WHERE name = $1 FOR UPDATE`,
        [WATERMARK],
      )
    ).rows;
    const watermark = BigInt(mark!.last_event_id);
    const pending = parseGaps(mark!.pending_gaps);
    const late = pending.length ? (await tx.query<FoldRow>(READ_GAPS, [pending.map((g) => g.from), pending.map((g) => g.to)])).rows : [];
    const fresh = (await tx.query<FoldRow>(READ_BATCH, [watermark, batch, batchBytes])).rows;
    const gaps = nextGaps(pending, late.map((r) => BigInt(r.id)), gapsInRead(watermark, fresh.map((r) => BigInt(r.id)), mark!.now_ms), mark!.now_ms, gapTtlMs);
    const rows = [...late, ...fresh];
    const last = fresh.length ? fresh.at(-1)!.id.toString() : watermark.toString();
    const gapsChanged = JSON.stringify(gaps) !== JSON.stringify(pending);
    if (rows.length || gapsChanged) {
      await tx.query(`UPDATE job_watermarks SET last_event_id = $2, pending_gaps = $3::jsonb, updated_at = now() WHERE name = $1`, [WATERMARK, last, JSON.stringify(gaps)]);
    }
    if (rows.length === 0) return { read: 0, drift: 0, more: false };

    const entries = await loadEntries(tx, rows);
    const { drift, minutes } = foldRows(rows, entries, driftAfter);
    await writeEntries(tx, entries);
    await writeDrift(tx, drift);
    await writeMinutes(tx, minutes);
    const more = fresh.length === batch || (fresh.length > 0 && (await hasMore(tx, fresh.at(-1)!.id)));
    return { read: rows.length, drift: drift.length, more };
  });
}

/** A batch the byte cap cut short still has events after it. */
async function hasMore(tx: SqlExecutor, after: bigint): Promise<boolean> {
  return (await tx.query(`SELECT 1 FROM events WHERE id > $1 LIMIT 1`, [after])).rows.length > 0;
}

/** Drops producer counts older than the retention. */
export async function pruneProducerMinutes(sql: SqlExecutor, now = Date.now()): Promise<number> {
  const res = await sql.query(`DELETE FROM catalog_producer_minutes WHERE bucket < $1`, [new Date(now - RATE_RETENTION_MS).toISOString()]);
  return res.rowCount;
}

/**
 * The background job: folds new events every `intervalMs`, and back to back while it is
 * behind, so a page view never scans the store. `onFold` hears each batch that read events.
 */
export function createCatalogJob(deps: {
  sql: SqlExecutor;
  log: Logger;
  intervalMs?: number;
  batch?: number;
  onFold?: (r: { read: number; drift: number }) => void;
}) {
  const intervalMs = deps.intervalMs ?? 5000;
  let failures = 0;
  let behind = false;
  let prunedAt = 0;
  const loop = createPollLoop({
    run: async () => {
      try {
        const folded = await foldNewEvents(deps.sql, { batch: deps.batch });
        behind = folded.more;
        failures = 0;
        if (folded.read > 0) deps.onFold?.(folded);
        if (!behind && Date.now() - prunedAt > PRUNE_EVERY_MS) {
          prunedAt = Date.now();
          await pruneProducerMinutes(deps.sql);
        }
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
