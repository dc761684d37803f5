import { describe, expect, it } from 'vitest';
import { MAX_PICKED_RECORDS } from '../../lib/replay-types';
import { allPicked, pickedSelection, setPicked } from './record-picks';

const rec = (partition: number, offset: number, timestamp: number) => ({ partition, offset, timestamp });

describe('records ticked in the message browser', () => {
  it('ticks and unticks one record or a page, keeping the others', () => {
    let picks = setPicked(new Map(), [rec(0, 5, 100)], true);
    picks = setPicked(picks, [rec(1, 2, 50), rec(0, 6, 100)], true);
    expect([...picks.keys()]).toEqual(['0:5', '1:2', '0:6']);
    expect(allPicked(picks, [rec(1, 2, 50), rec(0, 6, 100)])).toBe(true);
    picks = setPicked(picks, [rec(0, 5, 100)], false);
    expect([...picks.keys()]).toEqual(['1:2', '0:6']);
    expect(allPicked(picks, [rec(0, 5, 100), rec(0, 6, 100)])).toBe(false);
    expect(allPicked(picks, [])).toBe(false);
  });

  it('replays them oldest first, equal times by partition then offset', () => {
    const picks = setPicked(new Map(), [rec(1, 9, 300), rec(0, 4, 100), rec(1, 3, 100), rec(0, 2, 100), rec(2, 0, 200)], true);
    expect(pickedSelection('orders', picks)).toEqual({
      kind: 'records',
      filters: {},
      records: [
        { topic: 'orders', partition: 0, offset: 2 },
        { topic: 'orders', partition: 0, offset: 4 },
        { topic: 'orders', partition: 1, offset: 3 },
        { topic: 'orders', partition: 2, offset: 0 },
        { topic: 'orders', partition: 1, offset: 9 },
      ],
    });
  });

  it('stops ticking at the most one replay takes', () => {
    const full = setPicked(new Map(), Array.from({ length: MAX_PICKED_RECORDS + 5 }, (_, i) => rec(0, i, i)), true);
    expect(full.size).toBe(MAX_PICKED_RECORDS);
  });
});
