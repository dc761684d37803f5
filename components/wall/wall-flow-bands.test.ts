import { describe, expect, it } from 'vitest';
import type { Positions } from '@/lib/flow-layout';
import { foldIntoBands, type BandOptions } from './wall-flow-bands';

const W = 300;
const H = 100;
/** A chain of `n` columns, one node each at y 0, plus a second row in column 1: as layoutFlow places them (x = column × (W + 64)). */
const chain = (n: number): Positions => {
  const p: Positions = new Map();
  for (let c = 0; c < n; c++) p.set(`n${c}`, { x: c * (W + 64), y: 0 });
  p.set('extra', { x: W + 64, y: H + 14 });
  return p;
};
const opts = (tile: { width: number; height: number }): BandOptions => ({ nodeWidth: W, nodeHeight: H, columnGap: 140, bandGap: 120, tile, enoughZoom: tile.width / 1920 });

describe('foldIntoBands', () => {
  it('folds a long chain on a wide screen into bands, each starting at the left, in order', () => {
    const { positions, bands, zoom } = foldIntoBands(chain(10), opts({ width: 1920, height: 1000 }));
    expect(bands).toBeGreaterThan(1);
    const one = foldIntoBands(chain(10), { ...opts({ width: 1920, height: 1000 }), maxBands: 1 });
    expect(zoom).toBeGreaterThan(one.zoom * 1.1);
    // Reading order is kept: left to right within a band, each band below the one before.
    const at = (id: string) => positions.get(id)!;
    expect(at('n0')).toEqual({ x: 0, y: 0 });
    const perBand = Math.ceil(10 / bands);
    expect(at(`n${perBand}`).x).toBe(0);
    expect(at(`n${perBand}`).y).toBeGreaterThan(at('extra').y + H);
    expect(at('n1').x).toBeLessThan(at('n2').x);
  });

  it('keeps a short map on one band, columns spaced for the edge labels', () => {
    const { positions, bands } = foldIntoBands(chain(3), opts({ width: 1920, height: 1000 }));
    expect(bands).toBe(1);
    expect(positions.get('n1')).toEqual({ x: W + 140, y: 0 });
    expect(positions.get('extra')).toEqual({ x: W + 140, y: H + 14 });
  });

  it('gives the same answer for the same layout and tile, and the same on a 4K tile as on 1080p', () => {
    const a = foldIntoBands(chain(9), opts({ width: 1920, height: 1000 }));
    const b = foldIntoBands(chain(9), opts({ width: 3840, height: 2000 }));
    expect([...b.positions]).toEqual([...a.positions]);
    expect(b.zoom).toBeCloseTo(a.zoom * 2);
  });

  it('copes with an empty map', () => {
    expect(foldIntoBands(new Map(), opts({ width: 1920, height: 1000 })).positions.size).toBe(0);
  });
});
