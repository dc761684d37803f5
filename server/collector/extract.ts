// Turns one Kafka record into an `events` row: ids by the conventions, and whatever is
// odd about the record (binary, invalid UTF-8, huge, hostile headers) written down as
// problems rather than thrown. Pure: tested beside itself with hand-built records.
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import type { EventRow, ExtractLimits, IdConventions, Problem } from './types';

export interface RawRecord {
  topic: string;
  partition: number;
  offset: string;
  /** Milliseconds since the epoch, as a string (kafkajs). */
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: Record<string, Buffer | string | (Buffer | string)[] | undefined>;
}

/** Longest id we keep; longer ones are cut and flagged. */
const MAX_ID = 512;
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/**
 * Text PostgreSQL can store: valid UTF-8 without NUL. Null when the bytes are not.
 * (node:buffer's isUtf8 validates without decoding: one decode per record, not two.)
 */
function asText(buf: Buffer): string | null {
  if (!isUtf8(buf) || buf.indexOf(0) !== -1) return null;
  const s = buf.toString('utf8');
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s; // a byte-order mark is not text (as TextDecoder drops it)
}

/** The trace id of a W3C traceparent, or null if it is malformed (all-zero ids are invalid too). */
export function traceIdOf(traceparent: string): string | null {
  const m = TRACEPARENT.exec(traceparent.trim().toLowerCase());
  if (!m || m[1] === 'ff' || /^0+$/.test(m[2]!) || /^0+$/.test(m[3]!)) return null;
  return m[2]!;
}

function cut(s: string, bytes: number): { text: string; cut: boolean } {
  // A UTF-16 unit is at most 3 UTF-8 bytes: most strings are short enough not to count.
  if (s.length * 3 <= bytes || Buffer.byteLength(s) <= bytes) return { text: s, cut: false };
  // Cut on a character boundary: decode the prefix leniently and drop a broken last char.
  const text = Buffer.from(s).subarray(0, bytes).toString('utf8').replace(/\uFFFD$/, '');
  return { text, cut: true };
}

function pathValue(obj: unknown, path: string): string | null {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return null;
    cur = (cur as Record<string, unknown>)[part];
  }
  if (typeof cur === 'string' && cur !== '') return cur;
  if (typeof cur === 'number' && Number.isFinite(cur)) return String(cur);
  return null;
}

export function extractEvent(rec: RawRecord, conv: IdConventions, limits: ExtractLimits): EventRow {
  const problems = new Set<Problem>();

  // Headers: last value of a repeated key wins; binary values are kept as base64 and flagged.
  const headers: Record<string, string> = {};
  const entries = Object.entries(rec.headers ?? {});
  if (entries.length > limits.maxHeaders) problems.add('headers_truncated');
  for (const [rawName, raw] of entries.slice(0, limits.maxHeaders)) {
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (value === undefined) continue;
    const name = cut(rawName.includes('\u0000') ? rawName.replace(/\u0000/g, '') : rawName, 256).text;
    // Valid UTF-8 loses its NULs (PostgreSQL text cannot hold them); anything else is binary.
    let text = typeof value === 'string' ? value : isUtf8(value) ? value.toString('utf8') : null;
    if (text !== null && text.includes('\u0000')) text = text.replace(/\u0000/g, '');
    if (text === null) {
      text = 'base64:' + (value as Buffer).toString('base64');
      problems.add('header_binary');
    }
    const c = cut(text, limits.headerValueBytes);
    if (c.cut) problems.add('headers_truncated');
    headers[name] = c.text;
  }

  // Key.
  let key: string | null = null;
  if (rec.key) {
    const text = asText(rec.key);
    if (text === null) problems.add('key_binary');
    const c = cut(text ?? 'base64:' + rec.key.toString('base64'), limits.keyBytes);
    if (c.cut) problems.add('key_truncated');
    key = c.text;
  }

  // Payload: JSON if it parses, text if it is UTF-8, else base64; the preview is capped.
  const size = (rec.value?.length ?? 0) + (rec.key?.length ?? 0);
  let payloadEncoding: EventRow['payloadEncoding'] = 'none';
  let payloadPreview: string | null = null;
  let body: unknown = undefined;
  if (rec.value) {
    const text = asText(rec.value);
    if (text === null) {
      payloadEncoding = 'base64';
      // Valid UTF-8 with a NUL, or mostly control bytes: binary. Otherwise: broken text.
      problems.add(isUtf8(rec.value) || looksBinary(rec.value) ? 'binary_payload' : 'invalid_utf8');
      const bytes = Math.floor((limits.payloadPreviewBytes * 3) / 4);
      payloadPreview = rec.value.subarray(0, bytes).toString('base64');
      if (rec.value.length > bytes) problems.add('payload_truncated');
    } else {
      const trimmed = text.trimStart();
      if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
        try {
          body = JSON.parse(text);
          payloadEncoding = 'json';
        } catch {
          problems.add('invalid_json');
          payloadEncoding = 'utf8';
        }
      } else payloadEncoding = 'utf8';
      const c = cut(text, limits.payloadPreviewBytes);
      if (c.cut) problems.add('payload_truncated');
      payloadPreview = c.text;
    }
  }
  const payloadHash = rec.value ? createHash('sha256').update(rec.value).digest('hex') : null;

  const pick = (spec: { headers: string[]; paths: string[] }): string | null => {
    for (const h of spec.headers) {
      const v = headers[h];
      if (v && !v.startsWith('base64:')) return v;
    }
    if (body !== undefined) {
      for (const p of spec.paths) {
        const v = pathValue(body, p);
        if (v) return v;
      }
    }
    return null;
  };
  const id = (v: string | null): string | null => {
    if (v === null) return null;
    const c = cut(v, MAX_ID);
    if (c.cut) problems.add('id_too_long');
    return c.text;
  };

  let correlationId = pick({ headers: conv.correlationId.headers, paths: [] });
  const traceparent = headers['traceparent'];
  if (traceparent !== undefined) {
    const traceId = traceIdOf(traceparent);
    if (traceId === null) problems.add('traceparent_malformed');
    else if (!correlationId && conv.correlationId.traceparent) correlationId = traceId;
  }
  if (!correlationId) correlationId = pick({ headers: [], paths: conv.correlationId.paths });

  return {
    topic: rec.topic,
    partition: rec.partition,
    offset: rec.offset,
    timestamp: new Date(Number(rec.timestamp) || 0).toISOString(),
    key,
    headers,
    eventId: id(pick(conv.eventId)) ?? `${rec.topic}/${rec.partition}/${rec.offset}`,
    eventType: id(pick(conv.eventType)),
    eventVersion: id(pick(conv.eventVersion)),
    source: id(pick(conv.source)),
    correlationId: id(correlationId),
    causationId: id(pick(conv.causationId)),
    size,
    payloadEncoding,
    payloadPreview,
    payloadHash,
    problems: [...problems],
  };
}

/** Control bytes other than tab/newline/CR in the first KB: binary rather than broken text. */
function looksBinary(buf: Buffer): boolean {
  const head = buf.subarray(0, 1024);
  let control = 0;
  for (const b of head) if (b < 9 || (b > 13 && b < 32)) control++;
  return control > head.length / 10;
}
