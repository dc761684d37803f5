// Reads where a dead-lettered record came from and why it failed, from the headers the
// common dead-letter writers add. Pure and browser-safe (Uint8Array, no Buffer), so the
// replay runner, the message browser and the trace drawer decode the same way.

/** Who wrote the dead-letter headers. */
export type DeadLetterFamily = 'spring' | 'connect' | 'eventline-demo';

export interface DeadLetterInfo {
  family: DeadLetterFamily;
  originalTopic: string | null;
  originalPartition: number | null;
  /** A string: a Kafka offset may pass 2^53. */
  originalOffset: string | null;
  consumerGroup: string | null;
  /** Kafka Connect: the connector that failed. */
  connector: string | null;
  exceptionClass: string | null;
  exceptionMessage: string | null;
  stacktrace: string | null;
  /** Headers that were present but could not be read, e.g. "kafka_dlt-original-partition: 3 bytes, not 4". */
  problems: string[];
}

export interface HeaderBytes {
  key: string;
  value: Uint8Array | null;
}

export const SPRING_HEADERS = {
  topic: 'kafka_dlt-original-topic',
  partition: 'kafka_dlt-original-partition',
  offset: 'kafka_dlt-original-offset',
  consumerGroup: 'kafka_dlt-original-consumer-group',
  message: 'kafka_dlt-exception-message',
  fqcn: 'kafka_dlt-exception-fqcn',
  stacktrace: 'kafka_dlt-exception-stacktrace',
} as const;

export const CONNECT_HEADERS = {
  topic: '__connect.errors.topic',
  partition: '__connect.errors.partition',
  offset: '__connect.errors.offset',
  connector: '__connect.errors.connector.name',
  exceptionClass: '__connect.errors.exception.class.name',
  message: '__connect.errors.exception.message',
  stacktrace: '__connect.errors.exception.stacktrace',
} as const;

/** The demo shop's own (demo/lib/retry.ts): UTF-8 text. */
export const DEMO_HEADERS = {
  topic: 'x-original-topic',
  partition: 'x-original-partition',
  offset: 'x-original-offset',
  error: 'x-error',
  errorKind: 'x-error-kind',
  deadLetteredBy: 'x-dead-lettered-by',
  deadLetteredAt: 'x-dead-lettered-at',
  /** On retry copies: the service that wrote the copy (lib/copy-writer.ts). */
  retriedBy: 'x-retried-by',
  attempts: 'x-attempts',
  retryCount: 'x-retry-count',
  notBefore: 'x-retry-not-before',
} as const;

/** Every header a dead-letter writer adds: what "drop the dead-letter headers" removes. */
export const DEAD_LETTER_HEADER_NAMES: ReadonlySet<string> = new Set([
  ...Object.values(SPRING_HEADERS),
  'kafka_dlt-original-timestamp',
  'kafka_dlt-original-timestamp-type',
  'kafka_dlt-key-exception-message',
  'kafka_dlt-key-exception-fqcn',
  'kafka_dlt-key-exception-stacktrace',
  'kafka_dlt-exception-cause-fqcn',
  ...Object.values(CONNECT_HEADERS),
  '__connect.errors.task.id',
  '__connect.errors.stage',
  '__connect.errors.class.name',
  ...Object.values(DEMO_HEADERS),
]);

const utf8 = new TextDecoder('utf-8', { fatal: true });

function text(value: Uint8Array | null | undefined): string | null {
  if (!value) return null;
  try {
    return utf8.decode(value);
  } catch {
    return null;
  }
}

/** The last value of a header (a repeated header: the newest write wins, as Spring reads it). */
function lastOf(headers: HeaderBytes[], name: string): { present: boolean; value: Uint8Array | null } {
  let found: HeaderBytes | undefined;
  for (const h of headers) if (h.key === name) found = h;
  return { present: found !== undefined, value: found?.value ?? null };
}

const DIGITS = /^-?\d{1,19}$/;

/** Spring: a 4-byte big-endian int. */
function springPartition(v: Uint8Array | null, problems: string[]): number | null {
  if (!v) return null;
  if (v.length === 4) return new DataView(v.buffer, v.byteOffset, 4).getInt32(0, false);
  problems.push(`${SPRING_HEADERS.partition}: ${v.length} bytes, not a 4-byte int`);
  return null;
}

/** Spring: an 8-byte big-endian long. */
function springOffset(v: Uint8Array | null, problems: string[]): string | null {
  if (!v) return null;
  if (v.length === 8) return new DataView(v.buffer, v.byteOffset, 8).getBigInt64(0, false).toString();
  problems.push(`${SPRING_HEADERS.offset}: ${v.length} bytes, not an 8-byte long`);
  return null;
}

/** Connect and the demo: decimal text. */
function textInt(name: string, v: Uint8Array | null, problems: string[]): string | null {
  if (!v) return null;
  const s = text(v)?.trim() ?? null;
  if (s !== null && DIGITS.test(s)) return s;
  problems.push(`${name}: not a decimal number`);
  return null;
}

function textPartition(name: string, v: Uint8Array | null, problems: string[]): number | null {
  const s = textInt(name, v, problems);
  if (s === null) return null;
  const n = Number(s);
  if (Number.isSafeInteger(n) && n >= 0 && n < 2 ** 31) return n;
  problems.push(`${name}: ${s} is not a partition number`);
  return null;
}

/**
 * Decodes the dead-letter headers of one record, or returns null when it carries none of
 * the known families. Spring wins over Connect over the demo when a record has several
 * (a Spring DLT of a record that once went through Connect keeps both).
 */
export function decodeDeadLetterHeaders(headers: HeaderBytes[]): DeadLetterInfo | null {
  const has = (name: string) => lastOf(headers, name).present;
  const get = (name: string) => lastOf(headers, name).value;
  const problems: string[] = [];
  if (has(SPRING_HEADERS.topic) || has(SPRING_HEADERS.partition) || has(SPRING_HEADERS.message)) {
    return {
      family: 'spring',
      originalTopic: text(get(SPRING_HEADERS.topic)),
      originalPartition: springPartition(get(SPRING_HEADERS.partition), problems),
      originalOffset: springOffset(get(SPRING_HEADERS.offset), problems),
      consumerGroup: text(get(SPRING_HEADERS.consumerGroup)),
      connector: null,
      exceptionClass: text(get(SPRING_HEADERS.fqcn)),
      exceptionMessage: text(get(SPRING_HEADERS.message)),
      stacktrace: text(get(SPRING_HEADERS.stacktrace)),
      problems,
    };
  }
  if (has(CONNECT_HEADERS.topic) || has(CONNECT_HEADERS.exceptionClass)) {
    return {
      family: 'connect',
      originalTopic: text(get(CONNECT_HEADERS.topic)),
      originalPartition: textPartition(CONNECT_HEADERS.partition, get(CONNECT_HEADERS.partition), problems),
      originalOffset: textInt(CONNECT_HEADERS.offset, get(CONNECT_HEADERS.offset), problems),
      consumerGroup: null,
      connector: text(get(CONNECT_HEADERS.connector)),
      exceptionClass: text(get(CONNECT_HEADERS.exceptionClass)),
      exceptionMessage: text(get(CONNECT_HEADERS.message)),
      stacktrace: text(get(CONNECT_HEADERS.stacktrace)),
      problems,
    };
  }
  if (has(DEMO_HEADERS.topic) && (has(DEMO_HEADERS.error) || has(DEMO_HEADERS.deadLetteredBy))) {
    const error = text(get(DEMO_HEADERS.error));
    // The demo writes "Name: message" on one line (demo/lib/retry.ts oneLine).
    const split = error ? /^([A-Za-z_$][\w$.]*): (.*)$/.exec(error) : null;
    const by = text(get(DEMO_HEADERS.deadLetteredBy)) ?? text(get(DEMO_HEADERS.retriedBy));
    return {
      family: 'eventline-demo',
      originalTopic: text(get(DEMO_HEADERS.topic)),
      originalPartition: textPartition(DEMO_HEADERS.partition, get(DEMO_HEADERS.partition), problems),
      originalOffset: textInt(DEMO_HEADERS.offset, get(DEMO_HEADERS.offset), problems),
      // The demo's services consume in a group named after the service.
      consumerGroup: by,
      connector: null,
      exceptionClass: split ? split[1]! : null,
      exceptionMessage: split ? split[2]! : error,
      stacktrace: null,
      problems,
    };
  }
  return null;
}

/** Why a record cannot go back to its origin, or null when it can. */
export function originProblem(info: DeadLetterInfo | null): string | null {
  if (!info) return 'no dead-letter headers';
  if (!info.originalTopic) return `${info.family} dead-letter headers name no original topic`;
  return null;
}

/**
 * Header bytes back from the collector's stored text (UTF-8 text as is, binary values as
 * `base64:<data>`), for decoding a stored event's dead-letter headers. The collector drops
 * NUL characters from text, so a Spring number that happened to be valid UTF-8 can come
 * back short: the decoder then reports it as unreadable rather than guessing.
 */
export function storedHeaderBytes(headers: Record<string, string>): HeaderBytes[] {
  return Object.entries(headers).map(([key, v]) => ({ key, value: v.startsWith('base64:') ? base64Bytes(v.slice(7)) : new TextEncoder().encode(v) }));
}

function base64Bytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
