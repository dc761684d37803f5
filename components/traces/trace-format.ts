import type { TraceEventDetail } from '@/lib/trace-types';

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

/** What the stored payload is: its encoding, or the format it was decoded from (`Avro → JSON`). */
export function payloadKind(e: Pick<TraceEventDetail, 'payloadEncoding' | 'payloadSchema'>): string {
  const value = e.payloadSchema?.value;
  if (value && !('error' in value)) return `${FORMAT_NAMES[value.format]} → JSON`;
  return e.payloadEncoding;
}

/**
 * The payload as the drawer shows it: JSON pretty-printed; a registry-encoded value that
 * could not be decoded as hex, as the message browser shows it (schema id in bytes 1–4).
 */
export function payloadText(e: Pick<TraceEventDetail, 'payloadEncoding' | 'payloadPreview' | 'payloadSchema'>): string {
  const value = e.payloadSchema?.value;
  if (value && 'error' in value && e.payloadEncoding === 'base64' && e.payloadPreview !== null) {
    return Array.from(atob(e.payloadPreview), (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join(' ');
  }
  return prettyPayload(e.payloadEncoding, e.payloadPreview);
}

const FORMAT_NAMES = { avro: 'Avro', protobuf: 'Protobuf', json: 'JSON Schema' } as const;

const ID_LABELS: [string, string][] = [
  ['eventId', 'event id'],
  ['correlationId', 'correlation id'],
  ['causationId', 'causation id'],
  ['eventType', 'type'],
  ['eventVersion', 'version'],
  ['source', 'source'],
  ['deadLetterOf', 'dead-letter link'],
];

/** Which convention gave each id, in the drawer's order: `[['correlation id', 'w3c-traceparent'], …]`. */
export function idSourceList(idSources: Record<string, string>): [string, string][] {
  return ID_LABELS.filter(([k]) => idSources[k]).map(([k, label]) => [label, idSources[k]!]);
}

/** `topic/partition/offset` (the topic may hold slashes) → its parts, or null. */
export function parseRecordRef(ref: string): { topic: string; partition: number; offset: string } | null {
  const m = /^(.+)\/(\d+)\/(\d+)$/.exec(ref);
  return m ? { topic: m[1]!, partition: Number(m[2]), offset: m[3]! } : null;
}
