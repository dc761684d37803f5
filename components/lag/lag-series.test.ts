import { describe, expect, it } from 'vitest';
import type { GroupHistory } from '@/lib/lag-types';
import { appendToHistory, buildPartitionSeries, formatLagSeconds } from './lag-series';

const hist = (): GroupHistory => ({
  groupId: 'g',
  range: '15m',
  resolution: 'raw',
  points: [{ at: 1000, totalLag: 5, maxLagSeconds: 1, status: 'OK' }],
  partitions: [
    { at: 1000, topic: 't', partition: 0, lag: 2 },
    { at: 1000, topic: 't', partition: 1, lag: 3 },
  ],
  statusChanges: [],
});

describe('lag series', () => {
  it('pivots partitions into one row per time', () => {
    expect(buildPartitionSeries(hist())).toEqual({ keys: ['t[1]', 't[0]'], rows: [{ at: 1000, 't[0]': 2, 't[1]': 3 }] });
  });
  it('appends a live point and trims to the range', () => {
    const later = 1000 + 16 * 60_000;
    const h = appendToHistory(hist(), {
      group: {} as never,
      point: { at: later, totalLag: 9, maxLagSeconds: 2, status: 'WARN' },
      partitions: [{ at: later, topic: 't', partition: 0, lag: 9 }],
      statusChange: { at: later, from: 'OK', to: 'WARN', reason: 'rising' },
    });
    expect(h.points.map((p) => p.at)).toEqual([later]);
    expect(h.statusChanges).toHaveLength(1);
  });
  it('formats seconds for people', () => {
    expect(formatLagSeconds(75)).toBe('1 min 15 s');
    expect(formatLagSeconds(null)).toBe('—');
  });
});
