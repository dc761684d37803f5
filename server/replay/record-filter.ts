import { parse } from '@marcbachmann/cel-js';
import { decodeDeadLetterHeaders } from '../../lib/dead-letter-headers';
import type { ReplayFilters } from '../../lib/replay-types';
import { defaultConventions, defaultLimits } from '../collector/defaults';
import { extractEvent } from '../collector/extract';
import { createIdReader } from '../collector/conventions/read-ids';
import type { RawRecord } from '../kafka';
import { InvalidReplayFilterError } from './replay-errors';
import type { SourceRecord } from './types';

const utf8 = new TextDecoder('utf-8');

/** What a CEL predicate sees of a record. */
export interface CelRecord {
  key: string | null;
  /** Parsed JSON when the value is JSON, otherwise its text (null for a tombstone). */
  value: unknown;
  /** Header name → text (the last value of a repeated header). */
  headers: Record<string, string>;
  topic: string;
  partition: bigint;
  offset: bigint;
  /** Epoch milliseconds. */
  timestamp: bigint;
}

/**
 * The CEL view of a record. Each field is worked out when the predicate first reads it
 * (cel-js reads variables from the context by name): `headers["x"] == "y"` never parses
 * the value, and decoding every field of every record was most of a filtered replay's cost.
 */
class LazyCelRecord implements CelRecord {
  #value?: unknown;
  #headers?: Record<string, string>;
  constructor(
    readonly topic: string,
    private readonly r: RawRecord,
  ) {}
  get key(): string | null {
    return this.r.key ? utf8.decode(this.r.key) : null;
  }
  get value(): unknown {
    if (this.#value === undefined) this.#value = celValue(this.r.value);
    return this.#value;
  }
  get headers(): Record<string, string> {
    if (!this.#headers) {
      const headers: Record<string, string> = {};
      for (const h of this.r.headers) headers[h.key] = h.value ? utf8.decode(h.value) : '';
      this.#headers = headers;
    }
    return this.#headers;
  }
  get partition(): bigint {
    return BigInt(this.r.partition);
  }
  get offset(): bigint {
    return BigInt(this.r.offset);
  }
  get timestamp(): bigint {
    return BigInt(this.r.timestamp);
  }
}

export function celRecord(topic: string, r: RawRecord): CelRecord {
  return new LazyCelRecord(topic, r);
}

function celValue(bytes: Buffer | null): unknown {
  if (!bytes) return null;
  const text = utf8.decode(bytes);
  try {
    return celNumbers(JSON.parse(text));
  } catch {
    return text;
  }
}

/**
 * Whole JSON numbers become CEL ints (BigInt): cel-js treats a JS number as a double, and
 * `value.n % 4` has no double overload. Comparisons between ints and doubles still work.
 * A walk after parsing, not a JSON.parse reviver: the reviver made parsing 2.5 times slower.
 */
function celNumbers(v: unknown): unknown {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? BigInt(v) : v;
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = celNumbers(v[i]);
    return v;
  }
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    const x = o[k];
    if (typeof x !== 'number' && (x === null || typeof x !== 'object')) continue;
    // An own "__proto__" key (JSON.parse makes one) must stay a key, not become the prototype.
    if (k === '__proto__') Object.defineProperty(o, k, { value: celNumbers(x), writable: true, enumerable: true, configurable: true });
    else o[k] = celNumbers(x);
  }
  return o;
}

/** Characters of a parse error passed on: the library's message may quote the whole expression. */
const MAX_PARSE_ERROR = 300;

/**
 * Compiles a CEL predicate once; an expression that does not parse is the operator's to fix.
 * `invalid` builds the error for a caller whose HTTP answer differs (the message browser's 400).
 */
export function compileCel(expression: string, invalid: (message: string) => Error = (m) => new InvalidReplayFilterError(m)): (rec: CelRecord) => boolean {
  let program: (ctx: Record<string, unknown>) => unknown;
  try {
    program = parse(expression) as unknown as (ctx: Record<string, unknown>) => unknown;
  } catch (err) {
    const detail = ((err as Error).message.split('\n')[0] ?? '').slice(0, MAX_PARSE_ERROR);
    throw invalid(`The CEL predicate does not parse: ${detail}`);
  }
  // A record the predicate cannot be evaluated on (a missing field, a wrong type) does not match.
  return (rec) => {
    try {
      return program(rec as unknown as Record<string, unknown>) === true;
    } catch {
      return false;
    }
  };
}

/**
 * Builds the selection's filter: every given condition must hold. Event type and
 * correlation id are read by the collector's own conventions (server/collector/extract),
 * so a filter picks the same records the trace pages show.
 */
export function compileFilter(f: ReplayFilters): (s: SourceRecord) => boolean {
  const checks: ((s: SourceRecord) => boolean)[] = [];
  if (f.keyEquals !== undefined) {
    const want = Buffer.from(f.keyEquals);
    checks.push((s) => s.record.key !== null && s.record.key.equals(want));
  }
  if (f.keyPrefix !== undefined) {
    const want = Buffer.from(f.keyPrefix);
    checks.push((s) => s.record.key !== null && s.record.key.subarray(0, want.length).equals(want));
  }
  if (f.header) {
    const { name, value } = f.header;
    const want = Buffer.from(value);
    checks.push((s) => s.record.headers.some((h) => h.key === name && (h.value ?? Buffer.alloc(0)).equals(want)));
  }
  if (f.eventType !== undefined || f.correlationId !== undefined) {
    const ids = createIdReader(defaultConventions);
    checks.push((s) => {
      const row = extractEvent(toCollectorRecord(s), ids, defaultLimits);
      return (f.eventType === undefined || row.eventType === f.eventType) && (f.correlationId === undefined || row.correlationId === f.correlationId);
    });
  }
  if (f.deadLetter) {
    const want = f.deadLetter;
    checks.push((s) => {
      const info = decodeDeadLetterHeaders(s.record.headers);
      if (!info) return false;
      return (
        (want.originalTopic === undefined || info.originalTopic === want.originalTopic) &&
        (want.consumerGroup === undefined || info.consumerGroup === want.consumerGroup) &&
        (want.exceptionMessage === undefined || info.exceptionMessage === want.exceptionMessage)
      );
    });
  }
  if (f.cel !== undefined) {
    const predicate = compileCel(f.cel);
    checks.push((s) => predicate(celRecord(s.topic, s.record)));
  }
  return (s) => checks.every((c) => c(s));
}

function toCollectorRecord(s: SourceRecord) {
  const headers: Record<string, Buffer[]> = {};
  for (const h of s.record.headers) (headers[h.key] ??= []).push(h.value ?? Buffer.alloc(0));
  return {
    topic: s.topic,
    partition: s.record.partition,
    offset: String(s.record.offset),
    timestamp: String(s.record.timestamp),
    key: s.record.key,
    value: s.record.value,
    headers,
  };
}
