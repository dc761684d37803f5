import { describe, expect, it } from 'vitest';
import { PICK_GAP, PICK_SPAN, pickRuns } from './pick-runs';

const at = (partition: number, offset: number, topic = 't') => ({ topic, partition, offset });

describe('pickRuns', () => {
  it('reads a partition\'s near picks as one run, whatever order they were picked in', () => {
    expect(pickRuns([at(0, 7), at(0, 3), at(0, 5), at(0, 3)])).toEqual([{ topic: 't', partition: 0, from: 3, end: 8, offsets: [3, 5, 7] }]);
  });

  it('keeps partitions and topics apart', () => {
    const runs = pickRuns([at(0, 1), at(1, 1), at(0, 2), at(0, 1, 'u')]);
    expect(runs.map((r) => `${r.topic}/${r.partition}:${r.offsets.join(',')}`)).toEqual(['t/0:1,2', 't/1:1', 'u/0:1']);
  });

  it('cuts a run where two picks are more than PICK_GAP apart', () => {
    const runs = pickRuns([at(0, 0), at(0, PICK_GAP), at(0, 2 * PICK_GAP + 1)]);
    expect(runs.map((r) => [r.from, r.end])).toEqual([
      [0, PICK_GAP + 1],
      [2 * PICK_GAP + 1, 2 * PICK_GAP + 2],
    ]);
  });

  it('cuts a run at PICK_SPAN offsets', () => {
    const picks = Array.from({ length: 2 * PICK_SPAN }, (_, i) => at(0, i));
    const runs = pickRuns(picks);
    expect(runs.map((r) => [r.from, r.end, r.offsets.length])).toEqual([
      [0, PICK_SPAN, PICK_SPAN],
      [PICK_SPAN, 2 * PICK_SPAN, PICK_SPAN],
    ]);
  });

  it('groups 2,000 picks of 3 partitions into a handful of runs', () => {
    const picks = Array.from({ length: 2_000 }, (_, i) => at(i % 3, 1_000 + Math.floor(i / 3) * 4));
    expect(pickRuns(picks)).toHaveLength(3);
  });
});
