import { describe, expect, it } from 'vitest';
import { toApiError } from '../data/api-client';
import { loginProblem, rateLimitMessage } from './login-error';

describe('loginProblem', () => {
  it('says wrong credentials without telling which', () => {
    expect(loginProblem(toApiError(401, { error: { code: 'invalid_credentials', message: 'x' } }))).toEqual({
      kind: 'credentials',
      message: 'Wrong user name or password.',
      retryAfterSeconds: null,
    });
  });
  it('waits as long as the server asks', () => {
    const p = loginProblem(toApiError(429, { error: { code: 'rate_limited', message: 'x' } }, '42'));
    expect(p).toMatchObject({ kind: 'rate-limited', retryAfterSeconds: 42 });
  });
  it('waits a default time when the server does not say', () => {
    expect(loginProblem(toApiError(429, null)).retryAfterSeconds).toBe(30);
  });
  it('tells a down server from a refusal', () => {
    expect(loginProblem(toApiError(503, null)).kind).toBe('unavailable');
    expect(loginProblem(new Error('boom')).kind).toBe('other');
  });
});

describe('rateLimitMessage', () => {
  it('counts down', () => {
    expect(rateLimitMessage(12)).toBe('Too many sign-in attempts. Try again in 12 s.');
    expect(rateLimitMessage(0)).toBe('You can try again now.');
  });
});
