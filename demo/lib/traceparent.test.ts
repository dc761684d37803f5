import { describe, expect, it } from 'vitest';
import { formatTraceparent, isTraceId, parseTraceparent, spanIdForEvent } from './traceparent';

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('traceparent', () => {
  it('formats version 00 with the sampled flag', () => {
    expect(formatTraceparent({ traceId, parentId: '00f067aa0ba902b7', sampled: true })).toBe(
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    );
    expect(formatTraceparent({ traceId, parentId: '00f067aa0ba902b7', sampled: false })).toMatch(/-00$/);
  });

  it('parses what it formats, and tolerates case and whitespace', () => {
    expect(parseTraceparent(' 00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01 ')).toEqual({
      traceId,
      parentId: '00f067aa0ba902b7',
      sampled: true,
    });
  });

  it('rejects malformed values and all-zero ids instead of throwing', () => {
    for (const bad of [
      '',
      'garbage',
      `00-${traceId}-00f067aa0ba902b7`,
      `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`,
      `00-${traceId}-${'0'.repeat(16)}-01`,
      `ff-${traceId}-00f067aa0ba902b7-01`,
      `00-${traceId.slice(1)}-00f067aa0ba902b7-01`,
    ]) {
      expect(parseTraceparent(bad), bad).toBeNull();
    }
  });

  it('refuses to format invalid ids', () => {
    expect(() => formatTraceparent({ traceId: 'abc', parentId: '00f067aa0ba902b7', sampled: true })).toThrow(/trace id/);
    expect(() => formatTraceparent({ traceId, parentId: '0'.repeat(16), sampled: true })).toThrow(/parent id/);
  });

  it('derives the span id from an event id', () => {
    expect(spanIdForEvent('9B2E6F1C-7A4D-4E2B-9C1A-0F3D5E7A9B11')).toBe('9b2e6f1c7a4d4e2b');
  });

  it('knows a trace id when it sees one', () => {
    expect(isTraceId(traceId)).toBe(true);
    expect(isTraceId('0'.repeat(32))).toBe(false);
    expect(isTraceId(traceId.toUpperCase())).toBe(false);
  });
});
