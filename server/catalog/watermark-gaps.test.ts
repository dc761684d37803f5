import { describe, expect, it } from 'vitest';
import { gapsInRead, MAX_GAPS, nextGaps, parseGaps } from './watermark-gaps';

describe('gapsInRead', () => {
  it('lists the ids a read skipped after the watermark, up to its last id', () => {
    expect(gapsInRead(10n, [11n, 12n, 15n, 16n, 20n], 5)).toEqual([
      { from: '13', to: '14', seenAt: 5 },
      { from: '17', to: '19', seenAt: 5 },
    ]);
    expect(gapsInRead(10n, [13n], 5)).toEqual([{ from: '11', to: '12', seenAt: 5 }]);
    expect(gapsInRead(10n, [11n, 12n], 5)).toEqual([]);
    expect(gapsInRead(10n, [], 5)).toEqual([]);
  });
});

describe('nextGaps', () => {
  const gap = (from: number, to: number, seenAt = 0) => ({ from: String(from), to: String(to), seenAt });

  it('drops a gap whose rows all showed up, and splits one where only some did', () => {
    expect(nextGaps([gap(13, 14), gap(17, 19)], [13n, 14n, 18n], [], 1000)).toEqual([gap(17, 17), gap(19, 19)]);
  });

  it('forgets a gap once it is older than the ttl, and adds the new ones after the old', () => {
    expect(nextGaps([gap(1, 2, 0), gap(5, 6, 900)], [], [gap(30, 31, 1000)], 1000, 500)).toEqual([gap(5, 6, 900), gap(30, 31, 1000)]);
  });

  it('keeps the newest gaps when there are too many', () => {
    const many = Array.from({ length: MAX_GAPS + 5 }, (_, i) => gap(i * 10, i * 10 + 1));
    const kept = nextGaps(many, [], [], 0);
    expect(kept).toHaveLength(MAX_GAPS);
    expect(kept[0]).toEqual(gap(50, 51));
  });

  it('handles ids past 2^53', () => {
    const big = 2n ** 60n;
    expect(nextGaps([{ from: big.toString(), to: (big + 2n).toString(), seenAt: 0 }], [big + 1n], [], 0)).toEqual([
      { from: big.toString(), to: big.toString(), seenAt: 0 },
      { from: (big + 2n).toString(), to: (big + 2n).toString(), seenAt: 0 },
    ]);
  });
});

describe('parseGaps', () => {
  it('reads the stored list and ignores what is not a gap', () => {
    expect(parseGaps([{ from: '1', to: '2', seenAt: 3 }, { from: 1 }, null])).toEqual([{ from: '1', to: '2', seenAt: 3 }]);
    expect(parseGaps(null)).toEqual([]);
  });
});
