/**
 * Paces sends to `ratePerSecond` (0 = no limit). Each batch is let go at its theoretical
 * time and pushes the next one back by its size / rate, so the long-run rate is exact and a
 * pause (nothing sent) earns no burst afterwards.
 */
export function createPacer(ratePerSecond: number, now: () => number = Date.now) {
  let nextAt = 0;
  return {
    /** Milliseconds to wait before sending `n` records. */
    delayFor(n: number): number {
      if (ratePerSecond <= 0 || n <= 0) return 0;
      const t = now();
      const start = Math.max(nextAt, t);
      nextAt = start + (n * 1000) / ratePerSecond;
      return start - t;
    },
  };
}

/** Messages per second over a sliding window of recent samples. */
export function createRateMeter(windowMs = 5_000, now: () => number = Date.now) {
  const samples: { at: number; n: number }[] = [];
  return {
    add(n: number) {
      samples.push({ at: now(), n });
    },
    perSecond(): number {
      const t = now();
      while (samples.length && samples[0]!.at < t - windowMs) samples.shift();
      if (samples.length === 0) return 0;
      const span = Math.max(1000, t - samples[0]!.at);
      return Math.round((samples.reduce((s, x) => s + x.n, 0) * 1000) / span);
    },
  };
}
