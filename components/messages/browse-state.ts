// The message browser's state lives in the URL, so every view can be linked:
// /topics/orders/messages?partition=2&offset=1234 opens partition 2 around offset 1234
// with that record highlighted.

/** Records shown before a linked offset, so it is seen in context. */
export const LINK_CONTEXT = 5;
export const DEFAULT_LIMIT = 50;
export const LIMITS = [20, 50, 100, 200, 500] as const;

export type StartAt =
  | { kind: 'newest' }
  /** A linked record: highlighted, with a few records before it. */
  | { kind: 'offset'; offset: number }
  /** Paging to newer records: starts here, nothing highlighted. */
  | { kind: 'from'; offset: number }
  /** Paging to older records: ends just before this offset. */
  | { kind: 'before'; offset: number }
  | { kind: 'timestamp'; iso: string };

export interface BrowseState {
  /** null = all partitions, merged by time. */
  partition: number | null;
  start: StartAt;
  limit: number;
  /** A CEL predicate (the replay filter's) the server keeps the page's records by; absent: all. */
  filter?: string;
}

const whole = (v: string | null): number | null => (v !== null && /^\d+$/.test(v) ? Number(v) : null);

export function parseBrowseState(search: URLSearchParams): BrowseState {
  const partition = whole(search.get('partition'));
  const limit = whole(search.get('limit')) ?? DEFAULT_LIMIT;
  const offset = whole(search.get('offset'));
  const from = whole(search.get('from'));
  const before = whole(search.get('before'));
  const ts = search.get('timestamp');
  let start: StartAt = { kind: 'newest' };
  // Offsets only mean something within one partition.
  if (partition !== null && offset !== null) start = { kind: 'offset', offset };
  else if (partition !== null && from !== null) start = { kind: 'from', offset: from };
  else if (partition !== null && before !== null) start = { kind: 'before', offset: before };
  else if (ts && !Number.isNaN(Date.parse(ts))) start = { kind: 'timestamp', iso: new Date(Date.parse(ts)).toISOString() };
  const filter = search.get('filter')?.trim();
  return { partition, start, limit: Math.min(Math.max(limit, 1), 500), ...(filter ? { filter } : {}) };
}

/** The page's own query string for a state. */
export function browseSearch(s: BrowseState): string {
  const p = new URLSearchParams();
  if (s.partition !== null) p.set('partition', String(s.partition));
  const { start } = s;
  if (start.kind === 'offset' || start.kind === 'from' || start.kind === 'before') p.set(start.kind, String(start.offset));
  if (start.kind === 'timestamp') p.set('timestamp', start.iso);
  if (s.limit !== DEFAULT_LIMIT) p.set('limit', String(s.limit));
  if (s.filter) p.set('filter', s.filter);
  return p.toString();
}

/** The API's query string for a state (GET /api/topics/:topic/messages). */
export function apiSearch(s: BrowseState): string {
  const p = new URLSearchParams();
  if (s.partition !== null) p.set('partition', String(s.partition));
  const { start } = s;
  if (start.kind === 'offset') {
    p.set('offset', String(start.offset));
    p.set('context', String(Math.min(LINK_CONTEXT, s.limit - 1)));
  }
  if (start.kind === 'from') p.set('offset', String(start.offset));
  if (start.kind === 'before') p.set('before', String(start.offset));
  if (start.kind === 'timestamp') p.set('timestamp', start.iso);
  p.set('limit', String(s.limit));
  if (s.filter) p.set('filter', s.filter);
  return p.toString();
}

/** Where the message browser shows one record: used by links from other pages. */
export function messageHref(topic: string, at?: { partition: number; offset: number | string }): string {
  const base = `/topics/${encodeURIComponent(topic)}/messages`;
  return at ? `${base}?partition=${at.partition}&offset=${at.offset}` : base;
}
