import { describe, expect, it } from 'vitest';
import { backoffDelay, createPollLoop } from './poll-loop';

describe('backoffDelay', () => {
  it('waits the interval while healthy and backs off 1 s doubling to 15 s', () => {
    expect(backoffDelay(0, 2000)).toBe(2000);
    expect([1, 2, 3, 4, 5, 6].map((f) => backoffDelay(f, 2000))).toEqual([1000, 2000, 4000, 8000, 15000, 15000]);
  });
});

describe('createPollLoop', () => {
  it('runs at start, then on the delay, never two at once, and stops', async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const loop = createPollLoop({
      delay: () => 5,
      run: async () => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        runs += 1;
        await new Promise((r) => setTimeout(r, 3));
        active -= 1;
      },
    });
    await loop.start();
    expect(runs).toBe(1);
    await Promise.all([loop.runNow(), loop.runNow()]);
    await expect.poll(() => runs).toBeGreaterThan(5);
    await loop.stop();
    const after = runs;
    await new Promise((r) => setTimeout(r, 30));
    expect(runs).toBe(after);
    expect(maxActive).toBe(1);
  });
});
