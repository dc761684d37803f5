import { describe, expect, it } from 'vitest';
import { createLoginRateLimiter } from './login-rate-limiter';

describe('login rate limiter', () => {
  it('blocks a key after the limit until the window ends', () => {
    let t = 0;
    const rl = createLoginRateLimiter({ maxAttempts: 3, windowMs: 60_000, now: () => t });
    for (let i = 0; i < 3; i++) {
      expect(rl.retryAfterSeconds(['ip:1'])).toBe(0);
      rl.recordFailure(['ip:1', 'user:a']);
    }
    expect(rl.retryAfterSeconds(['ip:1'])).toBe(60);
    expect(rl.retryAfterSeconds(['ip:2', 'user:a'])).toBe(60);
    t = 30_000;
    expect(rl.retryAfterSeconds(['ip:1'])).toBe(30);
    t = 60_000;
    expect(rl.retryAfterSeconds(['ip:1'])).toBe(0);
  });

  it('forgets failures after a successful sign-in', () => {
    const rl = createLoginRateLimiter({ maxAttempts: 1, windowMs: 60_000 });
    rl.recordFailure(['user:a']);
    rl.reset(['user:a']);
    expect(rl.retryAfterSeconds(['user:a'])).toBe(0);
  });
});
