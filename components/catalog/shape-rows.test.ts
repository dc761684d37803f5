import { describe, expect, it } from 'vitest';
import { emptyShape, mergePayload } from '../../lib/infer-shape';
import { shapeRows } from './shape-rows';

describe('shapeRows', () => {
  it('flattens a shape, parents first, with presence and examples', () => {
    const shape = [{ id: 1, lines: [{ sku: 'a' }] }, { id: 2, price: 2 }, { id: 3, price: 2.5 }].reduce((s, p) => mergePayload(s, p), emptyShape());
    expect(shapeRows(shape)).toEqual([
      { path: '(payload)', depth: 0, types: ['object'], presence: null, examples: [] },
      { path: 'id', depth: 1, types: ['integer'], presence: 100, examples: ['1', '2', '3'] },
      { path: 'lines', depth: 1, types: ['array'], presence: 33.3, examples: [] },
      { path: 'lines[]', depth: 2, types: ['object'], presence: null, examples: [] },
      { path: 'lines[].sku', depth: 3, types: ['string'], presence: 100, examples: ['"a"'] },
      { path: 'price', depth: 1, types: ['number'], presence: 66.7, examples: ['2', '2.5'] },
    ]);
  });
});
