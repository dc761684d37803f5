import { describe, expect, it } from 'vitest';
import { connectionHeadline, retryLabel, retrySecondsLeft } from './connection-copy';

describe('retrySecondsLeft', () => {
  it('counts down in whole seconds, rounding up', () => {
    expect(retrySecondsLeft(1_000, 5_000, 1_000)).toBe(5);
    expect(retrySecondsLeft(1_000, 5_000, 1_001)).toBe(5);
    expect(retrySecondsLeft(1_000, 5_000, 5_001)).toBe(1);
  });
  it('stops at zero', () => {
    expect(retrySecondsLeft(1_000, 5_000, 60_000)).toBe(0);
  });
});

describe('copy', () => {
  it('says what is happening', () => {
    expect(retryLabel(3)).toBe('retrying in 3 s');
    expect(retryLabel(0)).toBe('retrying now…');
    expect(
      connectionHeadline({ status: 'unreachable', brokers: [], since: 0, error: 'x', retryInMs: 1 }),
    ).toBe('Kafka is unreachable');
  });
});
