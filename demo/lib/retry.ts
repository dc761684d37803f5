// Retries and dead letters.
//
// A consumer that fails on a record must not block its partition, and must not drop the record.
// The pattern used by payment-service:
//
//   orders ──fail──► payments.retry ──fail──► payments.retry ── ... ──► payments.DLQ
//            (x-retry-count=1,             (x-retry-count=2,        (after maxAttempts, or at
//             not before now+backoff)       not before now+2×backoff)  once if the input is invalid)
//
// The record is copied unchanged (same key, value and envelope headers — it is the same event)
// with a few headers added that say where it came from and why it failed, so the DLQ can be
// inspected and redriven to its original topic later.
import type { IHeaders, Message } from 'kafkajs';
import { headerString } from './envelope';

export interface RetryPolicy {
  /** Total attempts, the first one included, before a record goes to the dead-letter topic. */
  maxAttempts: number;
  /** Delay before the second attempt; doubles for each further attempt. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Random spread of each delay, as a fraction (0.2 = ±20%), so retries of a burst do not stampede. */
  jitter: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 10_000, jitter: 0.2 };

/** A failure that may go away if we try again later (a timeout, a 503). */
export class RetryableError extends Error {
  override name = 'RetryableError';
}

/** Input that will never be processed, however often we try (bad JSON, a broken contract). */
export class InvalidEventError extends Error {
  override name = 'InvalidEventError';
}

/** Unknown errors are treated as retryable: a bug fixed and redeployed will then pick them up. */
export function isRetryable(error: unknown): boolean {
  return !(error instanceof InvalidEventError);
}

/** Delay before the next attempt, after `failedAttempts` (≥ 1) failed ones. */
export function backoffMs(policy: RetryPolicy, failedAttempts: number, random: () => number = Math.random): number {
  if (failedAttempts < 1) throw new Error(`failedAttempts must be ≥ 1, got ${failedAttempts}`);
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempts - 1));
  const spread = exponential * policy.jitter * (2 * random() - 1);
  return Math.max(0, Math.round(Math.min(policy.maxDelayMs, exponential + spread)));
}

export const RetryHeaders = {
  /** How many attempts have failed so far. */
  retryCount: 'x-retry-count',
  /** Epoch milliseconds before which the retry must not be attempted. */
  notBefore: 'x-retry-not-before',
  originalTopic: 'x-original-topic',
  originalPartition: 'x-original-partition',
  originalOffset: 'x-original-offset',
  /** The last error, one line. */
  error: 'x-error',
  /** `retryable` or `invalid`. */
  errorKind: 'x-error-kind',
  /** Attempts made before dead-lettering. */
  attempts: 'x-attempts',
  deadLetteredAt: 'x-dead-lettered-at',
  deadLetteredBy: 'x-dead-lettered-by',
  /**
   * The service that wrote a retry copy: the envelope's `source` stays the event's origin,
   * and the flow map draws the copy from this writer (lib/copy-writer.ts).
   */
  retriedBy: 'x-retried-by',
} as const;

const ownHeaders = new Set<string>(Object.values(RetryHeaders));

/** The consumed record that failed. */
export interface FailedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: IHeaders;
}

export interface Origin {
  topic: string;
  partition: number;
  offset: string;
}

/** Where a record first entered the system: its `x-original-*` headers, or itself. */
export function originOf(record: FailedRecord): Origin {
  const topic = headerString(record.headers, RetryHeaders.originalTopic);
  const partition = Number(headerString(record.headers, RetryHeaders.originalPartition));
  const offset = headerString(record.headers, RetryHeaders.originalOffset);
  if (topic && Number.isInteger(partition) && offset) return { topic, partition, offset };
  return { topic: record.topic, partition: record.partition, offset: record.offset };
}

/** Attempts that already failed before this delivery (0 for a first delivery). */
export function failedAttemptsOf(headers: IHeaders | undefined): number {
  const count = Number(headerString(headers, RetryHeaders.retryCount) ?? '0');
  return Number.isInteger(count) && count > 0 ? count : 0;
}

/** Epoch ms when a retry record becomes due (0 when it carries no delay). */
export function notBeforeOf(headers: IHeaders | undefined): number {
  const value = Number(headerString(headers, RetryHeaders.notBefore) ?? '0');
  return Number.isFinite(value) ? value : 0;
}

export type FailureRoute = 'retry' | 'dead-letter';

export function routeFailure(policy: RetryPolicy, error: unknown, failedAttemptsBefore: number): FailureRoute {
  const attemptsMade = failedAttemptsBefore + 1;
  return isRetryable(error) && attemptsMade < policy.maxAttempts ? 'retry' : 'dead-letter';
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.replace(/\s+/g, ' ').slice(0, 500);
}

function carriedHeaders(record: FailedRecord): IHeaders {
  const headers: IHeaders = {};
  for (const [name, value] of Object.entries(record.headers ?? {})) {
    if (!ownHeaders.has(name) && value !== undefined) headers[name] = value;
  }
  return headers;
}

function originHeaders(record: FailedRecord): Record<string, string> {
  const origin = originOf(record);
  return {
    [RetryHeaders.originalTopic]: origin.topic,
    [RetryHeaders.originalPartition]: String(origin.partition),
    [RetryHeaders.originalOffset]: origin.offset,
  };
}

export function retryRecord(
  record: FailedRecord,
  error: unknown,
  policy: RetryPolicy,
  service: string,
  now: number,
  random: () => number = Math.random,
): Message {
  const failedAttempts = failedAttemptsOf(record.headers) + 1;
  return {
    key: record.key,
    value: record.value,
    headers: {
      ...carriedHeaders(record),
      ...originHeaders(record),
      [RetryHeaders.retryCount]: String(failedAttempts),
      [RetryHeaders.notBefore]: String(now + backoffMs(policy, failedAttempts, random)),
      [RetryHeaders.error]: oneLine(error),
      [RetryHeaders.errorKind]: isRetryable(error) ? 'retryable' : 'invalid',
      [RetryHeaders.retriedBy]: service,
    },
  };
}

export function deadLetterRecord(record: FailedRecord, error: unknown, service: string, now: number): Message {
  return {
    key: record.key,
    value: record.value,
    headers: {
      ...carriedHeaders(record),
      ...originHeaders(record),
      [RetryHeaders.attempts]: String(failedAttemptsOf(record.headers) + 1),
      [RetryHeaders.error]: oneLine(error),
      [RetryHeaders.errorKind]: isRetryable(error) ? 'retryable' : 'invalid',
      [RetryHeaders.deadLetteredAt]: new Date(now).toISOString(),
      [RetryHeaders.deadLetteredBy]: service,
    },
  };
}
