import { describe, expect, it } from 'vitest';
import { formatDuration, prettyPayload, shortType } from './trace-format';

describe('trace formatting', () => {
  it('formats durations', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(2400)).toBe('2.40 s');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
  });
  it('shortens types and pretty-prints JSON only', () => {
    expect(shortType('shop.OrderPlaced.v1')).toBe('OrderPlaced.v1');
    expect(shortType(null)).toBe('(no type)');
    expect(prettyPayload('json', '{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyPayload('json', '{"a":')).toBe('{"a":');
    expect(prettyPayload('none', null)).toMatch(/tombstone/);
  });
});
