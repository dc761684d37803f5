/** Durations the way an on-call engineer reads them: 850 ms, 2.4 s, 3 min 5 s. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const m = Math.floor(ms / 60_000);
  if (m < 60) return `${m} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** The short name of an event type: `shop.OrderPlaced.v1` → `OrderPlaced.v1`. */
export function shortType(type: string | null): string {
  if (!type) return '(no type)';
  const parts = type.split('.');
  return parts.length > 2 ? parts.slice(-2).join('.') : type;
}

/** A payload preview made readable: JSON pretty-printed, the rest as stored. */
export function prettyPayload(encoding: string, preview: string | null): string {
  if (preview === null) return encoding === 'none' ? '(no value: a tombstone)' : '';
  if (encoding !== 'json') return preview;
  try {
    return JSON.stringify(JSON.parse(preview), null, 2);
  } catch {
    return preview; // a truncated JSON preview no longer parses
  }
}
