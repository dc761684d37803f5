import { describe, expect, it } from 'vitest';
import { buildTraceTree, buildWaterfall } from './trace-tree';
import type { TraceEvent } from './trace-types';

let n = 0;
const ev = (eventId: string, causationId: string | null, ms: number, topic = 't'): TraceEvent => ({
  id: String(++n), topic, partition: 0, offset: String(n), timestamp: new Date(1_700_000_000_000 + ms).toISOString(), key: null,
  eventId, eventType: null, eventVersion: null, source: null, correlationId: 'c', causationId, idSources: {}, deadLetterOf: null, writer: null, size: 1, problems: [],
});
const mark = { time: '*', copy: '+', cause: '', replay: '↺' } as const;
const shape = (rows: ReturnType<typeof buildTraceTree>) => rows.map((r) => `${'  '.repeat(r.depth)}${r.event.eventId}${mark[r.placedBy]}`);

describe('buildTraceTree', () => {
  it('puts each event under its cause, children by time, whatever the input order', () => {
    const events = [ev('pay', 'order', 20), ev('ship', 'inv', 40), ev('order', null, 0), ev('inv', 'pay', 30), ev('mail', 'pay', 25)];
    expect(shape(buildTraceTree(events))).toEqual(['order*', '  pay', '    mail', '    inv', '      ship']);
  });
  it('places events with an unknown cause as roots by time', () => {
    expect(shape(buildTraceTree([ev('b', 'missing', 10), ev('a', null, 0), ev('c', 'a', 20)]))).toEqual(['a*', '  c', 'b*']);
  });
  it('puts each retry or dead-letter copy of an event under the copy before it', () => {
    const events = [ev('order', null, 0, 'orders'), ev('order', null, 10, 'retry'), ev('status', 'order', 5), ev('order', null, 20, 'retry'), ev('order', null, 40, 'dlq'), ev('failed', 'order', 41)];
    expect(shape(buildTraceTree(events))).toEqual(['order*', '  status', '  order+', '    order+', '      order+', '  failed']);
    expect(buildTraceTree(events).filter((r) => r.placedBy === 'copy').map((r) => r.event.topic)).toEqual(['retry', 'retry', 'dlq']);
  });
  it('puts a replayed copy under the exact record it re-sends, outside the retry chain', () => {
    const order = ev('order', null, 0, 'orders');
    const retry = ev('order', null, 10, 'retry');
    const status = ev('status', 'order', 5);
    const replayOfRetry = { ...ev('order', null, 50, 'orders'), replayOf: `retry/0/${retry.offset}`, replayJobId: 'job-1' };
    const later = ev('order', null, 60, 'retry');
    const rows = buildTraceTree([order, retry, status, replayOfRetry, later]);
    expect(shape(rows)).toEqual(['order*', '  status', '  order+', '    order↺', '    order+']);
    expect(rows.find((r) => r.placedBy === 'replay')!.event).toBe(replayOfRetry);
    // A replay whose source is not in the trace falls back to the usual rules.
    const orphan = { ...ev('lone', null, 70), replayOf: 'gone/0/1' };
    expect(shape(buildTraceTree([orphan]))).toEqual(['lone*']);
  });
  it('cuts causation cycles and survives a 10,000-deep chain', () => {
    expect(shape(buildTraceTree([ev('x', 'y', 0), ev('y', 'x', 1)]))).toEqual(['x*', '  y']);
    const chain = Array.from({ length: 10_000 }, (_, i) => ev(`e${i}`, i === 0 ? null : `e${i - 1}`, i));
    const rows = buildTraceTree(chain);
    expect(rows).toHaveLength(10_000);
    expect(rows[9999]!.depth).toBe(9999);
  });
});

describe('buildWaterfall', () => {
  it('measures from the first event and from each cause', () => {
    const { rows, spanMs } = buildWaterfall([ev('b', 'a', 15), ev('a', null, 5)]);
    expect(spanMs).toBe(10);
    expect(rows.map((r) => [r.event.eventId, r.atMs, r.causeAtMs])).toEqual([['a', 0, null], ['b', 10, 0]]);
  });
});
