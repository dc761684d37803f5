/**
 * Fixed-window counter of failed sign-ins per key (we key by client IP and by user
 * name, so neither one attacker nor one targeted account gets unlimited guesses).
 * In memory: with several server instances each enforces its own limit.
 */
export function createLoginRateLimiter(opts: { maxAttempts: number; windowMs: number; now?: () => number }) {
  const now = opts.now ?? Date.now;
  const windows = new Map<string, { start: number; count: number }>();

  function current(key: string) {
    const w = windows.get(key);
    if (!w || now() - w.start >= opts.windowMs) return null;
    return w;
  }

  return {
    /** Seconds to wait if the key is blocked, else 0. */
    retryAfterSeconds(keys: string[]): number {
      let wait = 0;
      for (const key of keys) {
        const w = current(key);
        if (w && w.count >= opts.maxAttempts) wait = Math.max(wait, Math.ceil((w.start + opts.windowMs - now()) / 1000));
      }
      return wait;
    },
    recordFailure(keys: string[]) {
      for (const key of keys) {
        const w = current(key) ?? { start: now(), count: 0 };
        w.count += 1;
        windows.set(key, w);
      }
      if (windows.size > 10_000) for (const [k] of windows) if (!current(k)) windows.delete(k);
    },
    reset(keys: string[]) {
      for (const key of keys) windows.delete(key);
    },
  };
}
