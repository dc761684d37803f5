// A long pipeline laid out left to right is a thin strip on a 16:9 screen: fitted to the
// tile, its labels shrink below what reads across a room. This folds the layout's columns
// into bands, one under the other (as text wraps into lines), choosing the number of bands
// that draws the map largest in the tile. Pure, so it is tested by itself.
import type { Positions } from '@/lib/flow-layout';

export interface BandOptions {
  nodeWidth: number;
  nodeHeight: number;
  /** Room between columns, for the rate labels on the edges. */
  columnGap: number;
  /** Room between bands, for the edges that run from one band's end to the next one's start. */
  bandGap: number;
  /** The tile's size in pixels (only its proportions and scale matter). */
  tile: { width: number; height: number };
  /** Never more bands than this: each fold costs an edge that crosses the map. */
  maxBands?: number;
  /** A zoom at which the labels already read across the room: no fold is made to grow past it. */
  enoughZoom: number;
}

export interface Banded {
  positions: Positions;
  bands: number;
  /** The zoom at which the folded map fills the tile. */
  zoom: number;
}

/** Columns are the layout's ranks: nodes of one rank share their x. */
function columnsOf(layout: Positions): number[][] {
  const xs = [...new Set([...layout.values()].map((p) => p.x))].sort((a, b) => a - b);
  return xs.map((x) => [...layout].filter(([, p]) => p.x === x).map(([, p]) => p.y));
}

export function foldIntoBands(layout: Positions, opts: BandOptions): Banded {
  const xs = [...new Set([...layout.values()].map((p) => p.x))].sort((a, b) => a - b);
  const column = new Map(xs.map((x, i) => [x, i]));
  const cols = columnsOf(layout);
  const maxBands = Math.max(1, Math.min(opts.maxBands ?? 4, xs.length));
  let best: Banded | null = null;
  for (let k = 1; k <= maxBands; k++) {
    const perBand = Math.ceil(xs.length / k);
    // Each band keeps its own vertical extent: a band of few rows stays short.
    const extents: { top: number; bottom: number }[] = [];
    for (let b = 0; b * perBand < xs.length; b++) {
      const ys = cols.slice(b * perBand, (b + 1) * perBand).flat();
      extents.push({ top: Math.min(...ys), bottom: Math.max(...ys) + opts.nodeHeight });
    }
    const offsets: number[] = [];
    let height = 0;
    for (const e of extents) {
      offsets.push(height - e.top);
      height += e.bottom - e.top + opts.bandGap;
    }
    height -= opts.bandGap;
    const width = perBand * opts.nodeWidth + (perBand - 1) * opts.columnGap;
    const zoom = Math.min(opts.tile.width / width, opts.tile.height / height);
    // One more band must pay for the edges it sends across the map: at least 10 % larger,
    // up to a size that reads anyway.
    if (best && Math.min(zoom, opts.enoughZoom) <= Math.min(best.zoom, opts.enoughZoom) * 1.1) continue;
    const positions: Positions = new Map();
    for (const [id, p] of layout) {
      const c = column.get(p.x)!;
      const band = Math.floor(c / perBand);
      positions.set(id, { x: (c % perBand) * (opts.nodeWidth + opts.columnGap), y: p.y + offsets[band]! });
    }
    best = { positions, bands: extents.length, zoom };
  }
  return best ?? { positions: new Map(), bands: 0, zoom: 1 };
}
