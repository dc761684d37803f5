import { describe, expect, it } from 'vitest';
import { formatDuration, idSourceList, parseRecordRef, prettyPayload, shortType } from './trace-format';

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

describe('id sources and record references', () => {
  it('lists the conventions by id, in a fixed order, leaving out ids not found', () => {
    expect(idSourceList({ correlationId: 'w3c-traceparent', eventId: 'cloudevents-binary', deadLetterOf: 'spring-dlt' })).toEqual([
      ['event id', 'cloudevents-binary'],
      ['correlation id', 'w3c-traceparent'],
      ['dead-letter link', 'spring-dlt'],
    ]);
    expect(idSourceList({})).toEqual([]);
  });
  it('splits topic/partition/offset, slashes in the topic included', () => {
    expect(parseRecordRef('a/b.orders/3/1234567890123')).toEqual({ topic: 'a/b.orders', partition: 3, offset: '1234567890123' });
    expect(parseRecordRef('orders/x/1')).toBeNull();
  });
});
