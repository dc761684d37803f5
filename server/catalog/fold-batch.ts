// The in-memory half of the catalog job: a batch of stored events folded into their
// (cluster, type, version) entries, the drift they show, and per-minute producer counts.
// No SQL here: catalog-job.ts reads and writes around it.
import { accumulate, emptyShape, type FieldShape } from '../../lib/infer-shape';

/** One stored event as the job reads it: `json` is the payload when it is whole JSON (not cut) of a typed event, else null. */
export type FoldRow = {
  id: bigint;
  cluster: string;
  topic: string;
  /** ms since epoch (read as a float8: no Date per row). */
  ts: number;
  event_type: string | null;
  event_version: string | null;
  source: string | null;
  json: string | null;
};

export type Entry = {
  cluster: string;
  event_type: string;
  version: string;
  shape: FieldShape;
  event_count: bigint;
  unshaped_count: bigint;
  first_at: Date;
  last_at: Date;
  producers: Set<string>;
  topics: Set<string>;
  sample_event_id: bigint;
};

export type DriftRow = {
  cluster: string;
  event_type: string;
  version: string;
  path: string;
  kind: string;
  before: string[];
  after: string[];
  event_id: string;
  seen_at: string;
};

export type MinuteRow = { cluster: string; event_type: string; version: string; source: string; bucket: string; events: number };

/** Caps what one entry remembers of producers and topics: a type written from everywhere must not grow a row forever. */
const MAX_NAMES = 50;
const MINUTE_MS = 60_000;

/** PostgreSQL text never holds a NUL, so it separates the parts unambiguously (and far cheaper than JSON per event). */
export const entryKey = (cluster: string, type: string, version: string) => `${cluster}\u0000${type}\u0000${version}`;

function newEntry(e: FoldRow, version: string): Entry {
  return {
    cluster: e.cluster, event_type: e.event_type!, version, shape: emptyShape(), event_count: 0n, unshaped_count: 0n,
    first_at: new Date(e.ts), last_at: new Date(e.ts), producers: new Set(), topics: new Set(), sample_event_id: e.id,
  };
}

function parsed(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

/**
 * Folds `rows` (ascending ids) into `entries`, changing them in place; entries missing
 * from the map are created. Drift counts only once an entry has `driftAfter` shaped
 * payloads (see DRIFT_AFTER). Returns the drift found and the producer counts per minute.
 */
export function foldRows(rows: readonly FoldRow[], entries: Map<string, Entry>, driftAfter: number): { drift: DriftRow[]; minutes: MinuteRow[] } {
  const drift: DriftRow[] = [];
  const minutes = new Map<string, MinuteRow>();
  for (const e of rows) {
    if (e.event_type === null) continue;
    const version = e.event_version ?? '';
    const key = entryKey(e.cluster, e.event_type, version);
    let entry = entries.get(key);
    if (!entry) entries.set(key, (entry = newEntry(e, version)));
    entry.event_count += 1n;
    if (e.ts < entry.first_at.getTime()) entry.first_at = new Date(e.ts);
    if (e.ts > entry.last_at.getTime()) entry.last_at = new Date(e.ts);
    entry.sample_event_id = e.id;
    if (e.source && entry.producers.size < MAX_NAMES) entry.producers.add(e.source);
    if (entry.topics.size < MAX_NAMES) entry.topics.add(e.topic);

    const bucket = Math.floor(e.ts / MINUTE_MS) * MINUTE_MS;
    const source = e.source ?? '';
    const mKey = `${key}\u0000${source}\u0000${bucket}`;
    const minute = minutes.get(mKey);
    if (minute) minute.events += 1;
    else minutes.set(mKey, { cluster: e.cluster, event_type: e.event_type, version, source, bucket: new Date(bucket).toISOString(), events: 1 });

    const payload = e.json === null ? undefined : parsed(e.json);
    if (payload === undefined) {
      entry.unshaped_count += 1n;
      continue;
    }
    const target = entry;
    const eventId = e.id.toString();
    const onNovelty =
      entry.shape.seen >= driftAfter
        ? (n: { path: string; kind: string; before: string[]; after: string }) =>
            drift.push({
              cluster: target.cluster, event_type: target.event_type, version, path: n.path || '(root)', kind: n.kind,
              before: n.before, after: [...n.before, n.after], event_id: eventId, seen_at: new Date(e.ts).toISOString(),
            })
        : undefined;
    accumulate(entry.shape, payload, onNovelty, eventId);
  }
  return { drift, minutes: [...minutes.values()] };
}
