// Turns one Kafka record into an `events` row: ids by the conventions, and whatever is
// odd about the record (binary, invalid UTF-8, huge, hostile headers) written down as
// problems rather than thrown. Pure: tested beside itself with hand-built records.
import { isUtf8 } from 'node:buffer';
import { hash } from 'node:crypto';
import type { RawValue } from './conventions/id-parsers';
import { traceIdOf } from './conventions/id-parsers';
import type { IdReader, RecordView } from './conventions/read-ids';
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

/** `s` cut to at most `bytes` UTF-8 bytes: `s` itself when it fits (compare with `!==` to know it was cut). */
function cut(s: string, bytes: number): string {
  // A UTF-16 unit is at most 3 UTF-8 bytes: most strings are short enough not to count.
  if (s.length * 3 <= bytes || Buffer.byteLength(s) <= bytes) return s;
  // Cut on a character boundary: decode the prefix leniently and drop a broken last char.
  return Buffer.from(s).subarray(0, bytes).toString('utf8').replace(/\uFFFD$/, '');
}

// The collector runs this for every record (issue 10: ~40 % of its CPU), so it avoids
// per-record closures, collections it does not need, and a Hash object per payload.
export function extractEvent(rec: RawRecord, conv: IdReader, limits: ExtractLimits): EventRow {
  const problems: Problem[] = [];
  const view = new HeaderView(rec.topic, conv.slotCount);

  // Headers: last value of a repeated key wins; binary values are kept as base64 and flagged.
  const headers: Record<string, string> = {};
  const names = rec.headers ? Object.keys(rec.headers) : [];
  if (names.length > limits.maxHeaders) flag(problems, 'headers_truncated');
  for (let i = 0; i < names.length; i++) {
    const rawName = names[i]!;
    const raw = rec.headers![rawName];
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (value === undefined) continue;
    // The headers a convention reads, by lower-cased name, raw (Spring's are binary);
    // a repeated name (in any case): the last value wins here too.
    const slot = conv.slotOf(rawName) ?? conv.slotOf(rawName.toLowerCase());
    if (i >= limits.maxHeaders && slot === undefined) continue;
    // Valid UTF-8 loses its NULs (PostgreSQL text cannot hold them); anything else is binary.
    let text = typeof value === 'string' ? value : isUtf8(value) ? value.toString('utf8') : null;
    if (text !== null && text.includes('\u0000')) text = text.replace(/\u0000/g, '');
    // Decoded once: the conventions read what is stored.
    if (slot !== undefined) view.values[slot] = { text, bytes: typeof value === 'string' ? Buffer.from(value) : value };
    if (i >= limits.maxHeaders) continue;
    const name = cut(rawName.includes('\u0000') ? rawName.replace(/\u0000/g, '') : rawName, 256);
    if (text === null) {
      text = 'base64:' + (value as Buffer).toString('base64');
      flag(problems, 'header_binary');
    }
    const kept = cut(text, limits.headerValueBytes);
    if (kept !== text) flag(problems, 'headers_truncated');
    headers[name] = kept;
  }

  // Key.
  let key: string | null = null;
  if (rec.key) {
    const text = asText(rec.key);
    if (text === null) flag(problems, 'key_binary');
    const full = text ?? 'base64:' + rec.key.toString('base64');
    key = cut(full, limits.keyBytes);
    if (key !== full) flag(problems, 'key_truncated');
  }

  // Payload: JSON if it parses, text if it is UTF-8, else base64; the preview is capped.
  const size = (rec.value?.length ?? 0) + (rec.key?.length ?? 0);
  let payloadEncoding: EventRow['payloadEncoding'] = 'none';
  let payloadPreview: string | null = null;
  if (rec.value) {
    const text = asText(rec.value);
    if (text === null) {
      payloadEncoding = 'base64';
      // Valid UTF-8 with a NUL, or mostly control bytes: binary. Otherwise: broken text.
      flag(problems, isUtf8(rec.value) || looksBinary(rec.value) ? 'binary_payload' : 'invalid_utf8');
      const bytes = Math.floor((limits.payloadPreviewBytes * 3) / 4);
      payloadPreview = rec.value.subarray(0, bytes).toString('base64');
      if (rec.value.length > bytes) flag(problems, 'payload_truncated');
    } else {
      payloadEncoding = 'utf8';
      if (startsLikeJson(text)) {
        try {
          view.body = JSON.parse(text);
          payloadEncoding = 'json';
        } catch {
          flag(problems, 'invalid_json');
        }
      }
      payloadPreview = cut(text, limits.payloadPreviewBytes);
      if (payloadPreview !== text) flag(problems, 'payload_truncated');
    }
  }
  const payloadHash = rec.value ? hash('sha256', rec.value) : null;

  const read = conv.read(view);
  const traceparent = view.values[conv.slotOf('traceparent')!]!;
  if (traceparent !== null && traceIdOf(traceparent.text ?? '') === null) flag(problems, 'traceparent_malformed');

  return {
    topic: rec.topic,
    partition: rec.partition,
    offset: rec.offset,
    timestamp: isoTime(rec.timestamp),
    key,
    headers,
    eventId: id(read.ids.eventId, problems) ?? `${rec.topic}/${rec.partition}/${rec.offset}`,
    eventType: id(read.ids.eventType, problems),
    eventVersion: id(read.ids.eventVersion, problems),
    source: id(read.ids.source, problems),
    correlationId: id(read.ids.correlationId, problems),
    causationId: id(read.ids.causationId, problems),
    idSources: read.sources,
    deadLetterOf: id(read.deadLetterOf, problems),
    writer: read.writer,
    size,
    payloadEncoding,
    payloadPreview,
    payloadHash,
    problems,
  };
}

/** What the conventions see of a record: its headers by the reader's slots, decoded as they are stored. */
class HeaderView implements RecordView {
  readonly values: (RawValue | null)[];
  body: unknown = undefined;
  constructor(readonly topic: string, slots: number) {
    this.values = new Array<RawValue | null>(slots).fill(null);
  }

  header(slot: number): RawValue | null {
    return this.values[slot]!;
  }
}

/**
 * A Kafka timestamp (ms, as text) as ISO text. Records of one producer batch mostly share
 * their millisecond: the last one is remembered (a Date and its text cost ~0.5 µs).
 */
let lastTime = '';
let lastIso = new Date(0).toISOString();
function isoTime(ms: string): string {
  if (ms !== lastTime) {
    lastIso = new Date(Number(ms) || 0).toISOString();
    lastTime = ms;
  }
  return lastIso;
}

function flag(problems: Problem[], p: Problem) {
  if (!problems.includes(p)) problems.push(p);
}

/** An id as stored: cut to MAX_ID bytes, flagged when it was longer. */
function id(v: string | null, problems: Problem[]): string | null {
  if (v === null) return null;
  const kept = cut(v, MAX_ID);
  if (kept !== v) flag(problems, 'id_too_long');
  return kept;
}

/** `{` or `[` after leading JSON whitespace, without copying the text as trimStart would. */
function startsLikeJson(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) return true;
    if (!isSpace(c)) return false;
  }
  return false;
}

/** What String.prototype.trimStart removes (JSON allows fewer; JSON.parse then refuses the rest). */
function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Control bytes other than tab/newline/CR in the first KB: binary rather than broken text. */
function looksBinary(buf: Buffer): boolean {
  const head = buf.subarray(0, 1024);
  let control = 0;
  for (const b of head) if (b < 9 || (b > 13 && b < 32)) control++;
  return control > head.length / 10;
}
