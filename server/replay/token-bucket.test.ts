import { describe, expect, it } from 'vitest';
import { createPacer, createRateMeter } from './token-bucket';

describe('createPacer', () => {
  it('lets batches go at the asked rate and earns no burst while idle', () => {
    let now = 0;
    const pacer = createPacer(100, () => now);
    expect(pacer.delayFor(20)).toBe(0); // the first batch goes at once
    expect(pacer.delayFor(20)).toBe(200); // the next one waits 20 / 100 s
    now = 10_000; // a long pause
    expect(pacer.delayFor(50)).toBe(0);
    expect(pacer.delayFor(50)).toBe(500);
  });

  it('never waits with no limit', () => {
    const pacer = createPacer(0, () => 0);
    expect(pacer.delayFor(1_000_000)).toBe(0);
  });
});

describe('createRateMeter', () => {
  it('averages over its window', () => {
    let now = 0;
    const meter = createRateMeter(5_000, () => now);
    for (let i = 0; i < 5; i++) {
      meter.add(100);
      now += 1_000;
    }
    expect(meter.perSecond()).toBe(100);
    now += 10_000;
    expect(meter.perSecond()).toBe(0);
  });
});
