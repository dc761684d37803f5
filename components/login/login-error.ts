// What the login form says when signing in fails.
import { ApiError } from '../data/api-client';

export interface LoginProblem {
  kind: 'credentials' | 'rate-limited' | 'unavailable' | 'other';
  message: string;
  /** Seconds to wait before the form accepts another try (429). */
  retryAfterSeconds: number | null;
}

/** Fallback wait when a 429 comes without a usable retry-after header. */
const DEFAULT_RATE_LIMIT_WAIT_S = 30;

export function loginProblem(error: unknown): LoginProblem {
  if (!(error instanceof ApiError)) {
    return { kind: 'other', message: 'Sign-in failed. Try again.', retryAfterSeconds: null };
  }
  switch (error.status) {
    case 401:
      // Deliberately the same message for an unknown user and a wrong password.
      return { kind: 'credentials', message: 'Wrong user name or password.', retryAfterSeconds: null };
    case 429:
      return {
        kind: 'rate-limited',
        message: 'Too many sign-in attempts.',
        retryAfterSeconds: error.retryAfterSeconds ?? DEFAULT_RATE_LIMIT_WAIT_S,
      };
    case 0:
    case 502:
    case 503:
    case 504:
      return { kind: 'unavailable', message: 'The Eventline server is not answering. Try again in a moment.', retryAfterSeconds: null };
    default:
      return { kind: 'other', message: error.message, retryAfterSeconds: null };
  }
}

export function rateLimitMessage(secondsLeft: number): string {
  return secondsLeft > 0
    ? `Too many sign-in attempts. Try again in ${secondsLeft} s.`
    : 'You can try again now.';
}
