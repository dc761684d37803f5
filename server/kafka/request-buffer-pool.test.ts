import { describe, expect, it } from 'vitest';
import { createRequestBufferPool } from './request-buffer-pool';

describe('request buffer pool', () => {
  it('gives back a buffer big enough, the same one once returned, and keeps no more than its cap', () => {
    const pool = createRequestBufferPool(5 * 1024 * 1024);
    const a = pool.take(2_800_000);
    expect(a.length).toBeGreaterThanOrEqual(2_800_000);
    const b = pool.take(100);
    expect(b === a).toBe(false);
    pool.give([a, b]); // a (4 MB) fits the 5 MB cap, b (2 MB) would not
    expect(pool.take(3_000_000) === a).toBe(true);
    expect(pool.take(100) === b).toBe(false);
    expect(pool.take(3_000_000) === a).toBe(false); // taken already: a new one
  });
});
