import { describe, expect, it } from 'vitest';
import { formatDuration, idSourceList, parseRecordRef, payloadKind, payloadText, prettyPayload, shortType } from './trace-format';

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

describe('registry-encoded payloads in the drawer', () => {
  const decoded = { payloadEncoding: 'json' as const, payloadPreview: '{"a":1}', payloadSchema: { value: { id: 3, format: 'avro' as const, subject: 's', version: 2, name: 'n' } } };
  const failed = { payloadEncoding: 'base64' as const, payloadPreview: Buffer.from([0, 0, 0, 0, 9, 0xab]).toString('base64'), payloadSchema: { value: { id: 9, error: 'gone' } } };
  it('names the format a payload was decoded from, else its encoding', () => {
    expect(payloadKind(decoded)).toBe('Avro → JSON');
    expect(payloadKind(failed)).toBe('base64');
    expect(payloadKind({ payloadEncoding: 'utf8', payloadSchema: null })).toBe('utf8');
  });
  it('shows an undecoded registry payload as hex, a decoded one as pretty JSON, other base64 as stored', () => {
    expect(payloadText(failed)).toBe('00 00 00 00 09 ab');
    expect(payloadText(decoded)).toBe('{\n  "a": 1\n}');
    expect(payloadText({ ...failed, payloadSchema: null })).toBe(failed.payloadPreview);
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
