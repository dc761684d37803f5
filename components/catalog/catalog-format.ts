// Pure helpers of the catalog pages: where things link to, how a change reads, the
// entries grouped by the name a type goes by across versions, the drift filters in the URL.
import { z } from 'zod';
import { DRIFT_KINDS, type CatalogEntryView, type DriftKindName, type EventRef } from '../../lib/catalog-types';
import { parseUrlView, serializeUrlView } from '../ui/url-view';

const DEFAULT_CLUSTER = 'default';

/** The page of one type and version. */
export function entryHref(e: { cluster: string; eventType: string; version: string }): string {
  const p = new URLSearchParams({ type: e.eventType, version: e.version });
  if (e.cluster !== DEFAULT_CLUSTER) p.set('cluster', e.cluster);
  return `/catalog/type?${p.toString()}`;
}

/** An event's trace, with the event's drawer open; null when it carries no correlation id. */
export function traceHref(ref: EventRef): string | null {
  return ref.correlationId ? `/traces/${encodeURIComponent(ref.correlationId)}?event=${ref.id}` : null;
}

export const KIND_LABEL: Record<DriftKindName, string> = {
  added: 'field appeared',
  'type-changed': 'type changed',
  'not-in-schema': 'not in the schema',
  'missing-from-wire': 'required, never sent',
  'schema-type-mismatch': 'type off the schema',
  incompatible: 'incompatible version',
};

/** What a stored drift change says, in words: "appeared (string)", "integer → integer | string". */
export function driftChangeText(kind: string, before: readonly string[], after: readonly string[]): string {
  if (kind === 'added') return `appeared as ${after.join(' | ')}`;
  return `${before.join(' | ') || '—'} → ${after.join(' | ')}`;
}

export interface TypeFamilyRows {
  cluster: string;
  family: string;
  entries: CatalogEntryView[];
}

/** Entries by (cluster, family), in the server's order (family, then version). */
export function groupByFamily(entries: readonly CatalogEntryView[]): TypeFamilyRows[] {
  const out: TypeFamilyRows[] = [];
  for (const e of entries) {
    const last = out.at(-1);
    if (last && last.family === e.family && last.cluster === e.cluster) last.entries.push(e);
    else out.push({ cluster: e.cluster, family: e.family, entries: [e] });
  }
  return out;
}

/** Which two versions a side-by-side view starts with: the one shown against the one before it (or after, for the oldest). */
export function defaultCompare(current: { version: string }, siblings: readonly { eventType: string; version: string }[]) {
  if (!siblings.length) return null;
  const byVersion = [...siblings].sort((a, b) => a.version.localeCompare(b.version, undefined, { numeric: true }));
  const older = byVersion.filter((s) => s.version.localeCompare(current.version, undefined, { numeric: true }) < 0);
  return older.at(-1) ?? byVersion[0]!;
}

// ---- the drift page's filters, in its URL ----

export const DRIFT_SINCE = { all: null, '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 } as const;
export type DriftSince = keyof typeof DRIFT_SINCE;

export interface DriftFilters {
  type: string;
  version: string;
  kind: DriftKindName | '';
  since: DriftSince;
  path: string;
}

export const defaultDriftFilters: DriftFilters = { type: '', version: '', kind: '', since: 'all', path: '' };

const filterSchema = z.object({
  type: z.string().max(500).catch(''),
  version: z.string().max(200).catch(''),
  kind: z.enum(['', ...DRIFT_KINDS]).catch(''),
  since: z.enum(Object.keys(DRIFT_SINCE) as [DriftSince, ...DriftSince[]]).catch('all'),
  path: z.string().max(200).catch(''),
});

export function parseDriftFilters(params: URLSearchParams): DriftFilters {
  return parseUrlView(filterSchema, params);
}

export function serializeDriftFilters(f: DriftFilters): string {
  return serializeUrlView(f, defaultDriftFilters);
}

/** The API's query string for the filters (GET /api/catalog/drift), as of `now`. */
export function driftApiParams(f: DriftFilters, now: number, before?: string): string {
  const p = new URLSearchParams();
  if (f.type) p.set('type', f.type);
  // A version filter only means something with a type.
  if (f.type && f.version) p.set('version', f.version);
  if (f.kind) p.set('kind', f.kind);
  const span = DRIFT_SINCE[f.since];
  // Rounded to the minute, so the query key (and its cache) holds still for a minute.
  if (span !== null) p.set('since', new Date(Math.floor((now - span) / 60_000) * 60_000).toISOString());
  if (f.path) p.set('path', f.path);
  if (before) p.set('before', before);
  return p.toString();
}
