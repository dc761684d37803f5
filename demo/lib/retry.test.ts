import { describe, expect, it } from 'vitest';
import { headerString } from './envelope';
import {
  backoffMs,
  deadLetterRecord,
  failedAttemptsOf,
  InvalidEventError,
  notBeforeOf,
  originOf,
  retryRecord,
  RetryableError,
  routeFailure,
  type FailedRecord,
  type RetryPolicy,
} from './retry';

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 3000, jitter: 0.2 };
const noJitter = () => 0.5;

const original: FailedRecord = {
  topic: 'orders',
  partition: 3,
  offset: '41',
  key: Buffer.from('o-1'),
  value: Buffer.from('{}'),
  headers: { ce_id: Buffer.from('e-1'), 'x-correlation-id': Buffer.from('c') },
};

describe('backoffMs', () => {
  it('doubles per failed attempt up to the cap', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(policy, n, noJitter))).toEqual([500, 1000, 2000, 3000, 3000]);
  });

  it('spreads by ±jitter and never exceeds the cap', () => {
    expect(backoffMs(policy, 1, () => 0)).toBe(400);
    expect(backoffMs(policy, 1, () => 0.999999)).toBe(600);
    expect(backoffMs(policy, 4, () => 0.999999)).toBe(3000);
  });

  it('needs at least one failed attempt', () => {
    expect(() => backoffMs(policy, 0)).toThrow();
  });
});

describe('routeFailure', () => {
  it('retries retryable errors until the last attempt, then dead-letters', () => {
    const err = new RetryableError('timeout');
    expect([0, 1, 2, 3].map((before) => routeFailure(policy, err, before))).toEqual(['retry', 'retry', 'retry', 'dead-letter']);
  });

  it('dead-letters invalid input at once', () => {
    expect(routeFailure(policy, new InvalidEventError('bad json'), 0)).toBe('dead-letter');
  });

  it('treats unknown errors as retryable', () => {
    expect(routeFailure(policy, new TypeError('bug'), 0)).toBe('retry');
  });
});

describe('retry and dead-letter records', () => {
  it('copies the record and says when and why to retry', () => {
    const retry = retryRecord(original, new RetryableError('gateway timeout'), policy, 'payment-service', 1_000_000, noJitter);
    expect(retry.key).toBe(original.key);
    expect(retry.value).toBe(original.value);
    expect(retry.headers).toMatchObject({
      ce_id: original.headers!.ce_id,
      'x-retry-count': '1',
      'x-retry-not-before': '1000500',
      'x-original-topic': 'orders',
      'x-original-partition': '3',
      'x-original-offset': '41',
      'x-error': 'RetryableError: gateway timeout',
      'x-error-kind': 'retryable',
      'x-retried-by': 'payment-service',
    });
  });

  it('keeps the first origin and counts attempts across retries', () => {
    const first = retryRecord(original, new RetryableError('x'), policy, 'payment-service', 0, noJitter);
    const consumedRetry: FailedRecord = { ...original, topic: 'payments.retry', partition: 0, offset: '7', headers: first.headers };
    expect(failedAttemptsOf(consumedRetry.headers)).toBe(1);
    expect(notBeforeOf(consumedRetry.headers)).toBe(500);
    expect(originOf(consumedRetry)).toEqual({ topic: 'orders', partition: 3, offset: '41' });

    const second = retryRecord(consumedRetry, new RetryableError('x'), policy, 'payment-service', 10_000, noJitter);
    expect(headerString(second.headers, 'x-retry-count')).toBe('2');
    expect(headerString(second.headers, 'x-retry-not-before')).toBe('11000');
    expect(headerString(second.headers, 'x-original-topic')).toBe('orders');

    const dead = deadLetterRecord({ ...consumedRetry, headers: second.headers }, new RetryableError('HTTP 500'), 'payment-service', 0);
    expect(dead.headers).toMatchObject({
      'x-original-topic': 'orders',
      'x-original-partition': '3',
      'x-original-offset': '41',
      'x-attempts': '3',
      'x-error': 'RetryableError: HTTP 500',
      'x-dead-lettered-by': 'payment-service',
      'x-dead-lettered-at': '1970-01-01T00:00:00.000Z',
    });
    // A dead letter is not due for anything: no retry headers survive.
    expect(dead.headers).not.toHaveProperty('x-retry-count');
    expect(dead.headers).not.toHaveProperty('x-retry-not-before');
    // …nor the retry's writer: the dead letter names its own.
    expect(dead.headers).not.toHaveProperty('x-retried-by');
  });

  it('dead-letters invalid input as such on the first attempt', () => {
    const dead = deadLetterRecord(original, new InvalidEventError('malformed JSON'), 'payment-service', 0);
    expect(dead.headers).toMatchObject({ 'x-attempts': '1', 'x-error-kind': 'invalid', 'x-original-offset': '41' });
  });
});
