// Turns one Kafka record into an `events` row: ids by the conventions, and whatever is
// odd about the record (binary, invalid UTF-8, huge, hostile headers) written down as
// problems rather than thrown. Pure: tested beside itself with hand-built records.
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import type { RawValue } from './conventions/id-parsers';
import { traceIdOf } from './conventions/id-parsers';
import type { IdReader } from './conventions/read-ids';
import type { EventRow, ExtractLimits, Problem } from './types';

export { traceIdOf };

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

/**
 * Text PostgreSQL can store: valid UTF-8 without NUL. Null when the bytes are not.
 * (node:buffer's isUtf8 validates without decoding: one decode per record, not two.)
 */
function asText(buf: Buffer): string | null {
  if (!isUtf8(buf) || buf.indexOf(0) !== -1) return null;
  const s = buf.toString('utf8');
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s; // a byte-order mark is not text (as TextDecoder drops it)
}

function cut(s: string, bytes: number): { text: string; cut: boolean } {
  // A UTF-16 unit is at most 3 UTF-8 bytes: most strings are short enough not to count.
  if (s.length * 3 <= bytes || Buffer.byteLength(s) <= bytes) return { text: s, cut: false };
  // Cut on a character boundary: decode the prefix leniently and drop a broken last char.
  const text = Buffer.from(s).subarray(0, bytes).toString('utf8').replace(/\uFFFD$/, '');
  return { text, cut: true };
}

export function extractEvent(rec: RawRecord, conv: IdReader, limits: ExtractLimits): EventRow {
  const problems = new Set<Problem>();

  // Headers: last value of a repeated key wins; binary values are kept as base64 and flagged.
  const headers: Record<string, string> = {};
  const entries = Object.entries(rec.headers ?? {});
  // Every header, for the conventions: by lower-cased name, raw (Spring's are binary).
  const rawHeaders = new Map<string, Buffer | string>();
  for (const [name, raw] of entries) {
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (value !== undefined) rawHeaders.set(name.toLowerCase(), value);
  }
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

  // Each header is decoded once, when a convention first asks for it.
  const decoded = new Map<string, RawValue | null>();
  const header = (name: string) => {
    let v = decoded.get(name);
    if (v === undefined) decoded.set(name, (v = headerValue(rawHeaders.get(name))));
    return v;
  };
  const read = conv.read({ topic: rec.topic, header, body });
  const id = (v: string | null): string | null => {
    if (v === null) return null;
    const c = cut(v, MAX_ID);
    if (c.cut) problems.add('id_too_long');
    return c.text;
  };
  const traceparent = header('traceparent');
  if (traceparent !== null && traceIdOf(traceparent.text ?? '') === null) problems.add('traceparent_malformed');

  return {
    topic: rec.topic,
    partition: rec.partition,
    offset: rec.offset,
    timestamp: new Date(Number(rec.timestamp) || 0).toISOString(),
    key,
    headers,
    eventId: id(read.ids.eventId) ?? `${rec.topic}/${rec.partition}/${rec.offset}`,
    eventType: id(read.ids.eventType),
    eventVersion: id(read.ids.eventVersion),
    source: id(read.ids.source),
    correlationId: id(read.ids.correlationId),
    causationId: id(read.ids.causationId),
    idSources: read.sources,
    deadLetterOf: id(read.deadLetterOf),
    size,
    payloadEncoding,
    payloadPreview,
    payloadHash,
    problems: [...problems],
  };
}

/** A header for the conventions: its bytes, and its text when it is UTF-8 (NULs dropped, as stored). */
function headerValue(v: Buffer | string | undefined): RawValue | null {
  if (v === undefined) return null;
  if (typeof v === 'string') return { text: v.replace(/\u0000/g, ''), bytes: Buffer.from(v) };
  return { text: isUtf8(v) ? v.toString('utf8').replace(/\u0000/g, '') : null, bytes: v };
}

/** Control bytes other than tab/newline/CR in the first KB: binary rather than broken text. */
function looksBinary(buf: Buffer): boolean {
  const head = buf.subarray(0, 1024);
  let control = 0;
  for (const b of head) if (b < 9 || (b > 13 && b < 32)) control++;
  return control > head.length / 10;
}
