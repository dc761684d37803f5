import { describe, expect, it } from 'vitest';
import { ApiError, isCsrfError, shouldRetry, toApiError } from './api-client';

describe('toApiError', () => {
  it('reads the ApiErrorBody', () => {
    const e = toApiError(409, { error: { code: 'topic_exists', message: 'Topic "a" already exists' } });
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 409, code: 'topic_exists', message: 'Topic "a" already exists', retriable: false });
  });
  it('copes with bodies that are not ours', () => {
    const e = toApiError(502, '<html>Bad gateway</html>');
    expect(e).toMatchObject({ status: 502, code: 'http_502', retriable: true });
  });
  it('reads retry-after on a 429', () => {
    const e = toApiError(429, { error: { code: 'rate_limited', message: 'Too many attempts' } }, '30');
    expect(e.retryAfterSeconds).toBe(30);
    expect(toApiError(429, null, 'soon').retryAfterSeconds).toBeNull();
  });
});

describe('shouldRetry', () => {
  it('retries transient failures a few times', () => {
    expect(shouldRetry(0, toApiError(503, null))).toBe(true);
    expect(shouldRetry(3, toApiError(503, null))).toBe(false);
  });
  it('does not retry answers that will not change', () => {
    expect(shouldRetry(0, toApiError(403, null))).toBe(false);
    expect(shouldRetry(0, toApiError(422, null))).toBe(false);
    expect(shouldRetry(0, toApiError(429, null))).toBe(false);
  });
});

describe('isCsrfError', () => {
  it('spots a 403 about the CSRF token', () => {
    expect(isCsrfError(toApiError(403, { error: { code: 'csrf_invalid', message: 'x' } }))).toBe(true);
    expect(isCsrfError(toApiError(403, { error: { code: 'forbidden', message: 'x' } }))).toBe(false);
  });
});
