import { describe, expect, it } from 'vitest';
import { formatAge, formatCompact, formatCount, formatDateTime, formatRate } from './format';

describe('formatCount', () => {
  it('groups thousands', () => {
    expect(formatCount(3402113)).toBe('3,402,113');
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
  });
  it('shows a dash for missing values', () => {
    expect(formatCount(null)).toBe('—');
    expect(formatCount(undefined)).toBe('—');
    expect(formatCount(Number.NaN)).toBe('—');
  });
});

describe('formatCompact', () => {
  it('keeps small numbers', () => {
    expect(formatCompact(0)).toBe('0');
    expect(formatCompact(3.25)).toBe('3.3');
    expect(formatCompact(4)).toBe('4');
    expect(formatCompact(999)).toBe('999');
  });
  it('uses one decimal below ten of a unit and none above', () => {
    expect(formatCompact(1234)).toBe('1.2k');
    expect(formatCompact(1000)).toBe('1k');
    expect(formatCompact(15_300)).toBe('15k');
    expect(formatCompact(15_300_000)).toBe('15M');
    expect(formatCompact(2_500_000_000)).toBe('2.5G');
  });
  it('rolls over to the next unit instead of printing 1000k', () => {
    expect(formatCompact(999_999)).toBe('1M');
  });
  it('keeps the sign', () => {
    expect(formatCompact(-1500)).toBe('-1.5k');
  });
});

describe('formatRate', () => {
  it('appends per second', () => {
    expect(formatRate(1234.5)).toBe('1.2k/s');
    expect(formatRate(0)).toBe('0/s');
    expect(formatRate(7)).toBe('7/s');
  });
  it('says when a rate is tiny but not zero', () => {
    expect(formatRate(0.01)).toBe('<0.1/s');
  });
  it('shows a dash before the second poll', () => {
    expect(formatRate(null)).toBe('—');
  });
});

describe('formatAge', () => {
  const now = 1_700_000_000_000;
  it('reads coarsely', () => {
    expect(formatAge(now - 500, now)).toBe('just now');
    expect(formatAge(now - 12_000, now)).toBe('12 s ago');
    expect(formatAge(now - 4 * 60_000, now)).toBe('4 min ago');
    expect(formatAge(now - 3 * 3_600_000, now)).toBe('3 h ago');
    expect(formatAge(now - 72 * 3_600_000, now)).toBe('3 d ago');
  });
  it('never goes negative when clocks disagree', () => {
    expect(formatAge(now + 5_000, now)).toBe('just now');
  });
});

describe('formatDateTime', () => {
  it('is sortable by eye', () => {
    expect(formatDateTime(new Date(2025, 2, 4, 14, 3, 7).toISOString())).toBe('2025-03-04 14:03:07');
  });
  it('shows a dash for nothing or garbage', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('not a date')).toBe('—');
  });
});
