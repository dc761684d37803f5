import { describe, expect, it } from 'vitest';
import { emptyShape, mergePayload, type FieldShape } from './infer-shape';
import { diffShapes, newDrift } from './shape-drift';

const shapeOf = (...payloads: unknown[]) => payloads.reduce<FieldShape>((s, p) => mergePayload(s, p), emptyShape());

describe('drift between two shapes', () => {
  it('lists fields that appear, disappear and change type, with their paths', () => {
    const v1 = shapeOf({ orderId: 'o1', amount: 10, customer: { id: 'c1', tier: 'gold' }, tags: ['a'] });
    const v2 = shapeOf({ orderId: 'o2', amount: '10.00', customer: { id: 'c2', region: 'eu' }, currency: 'EUR', tags: [1] });
    expect(diffShapes(v1, v2)).toEqual([
      { path: 'amount', kind: 'type-changed', before: ['integer'], after: ['string'] },
      { path: 'currency', kind: 'added', before: [], after: ['string'] },
      { path: 'customer.region', kind: 'added', before: [], after: ['string'] },
      { path: 'customer.tier', kind: 'removed', before: ['string'], after: [] },
      { path: 'tags[]', kind: 'type-changed', before: ['string'], after: ['integer'] },
    ]);
  });

  it('sees no drift between equal shapes, or between whole and fractional numbers', () => {
    expect(diffShapes(shapeOf({ a: 1, b: [{ c: true }] }), shapeOf({ a: 2, b: [{ c: false }] }))).toEqual([]);
    expect(diffShapes(shapeOf({ price: 10 }), shapeOf({ price: 10.5 }))).toEqual([]);
  });

  it('lists an added object once, not each field inside it', () => {
    expect(diffShapes(shapeOf({ a: 1 }), shapeOf({ a: 1, meta: { x: 1, y: 2 } })).map((c) => c.path)).toEqual(['meta']);
  });

  it('says nothing about array elements when one side only saw empty arrays', () => {
    expect(diffShapes(shapeOf({ l: [] }), shapeOf({ l: [{ x: 1 }] }))).toEqual([]);
  });
});

describe('drift a new batch shows', () => {
  it('reports new fields and new types, not a field the batch happens to lack', () => {
    const known = shapeOf({ id: 1, note: 'x' }, { id: 2 });
    const batch = shapeOf({ id: 'three', extra: true });
    expect(newDrift(known, batch)).toEqual([
      { path: 'extra', kind: 'added', before: [], after: ['boolean'] },
      { path: 'id', kind: 'type-changed', before: ['integer'], after: ['string'] },
    ]);
  });

  it('does not call a type a change when the batch only narrows to types already seen', () => {
    const known = shapeOf({ v: 'a' }, { v: null });
    expect(newDrift(known, shapeOf({ v: 'b' }))).toEqual([]);
  });

  it('has nothing to compare the first batch with', () => {
    expect(newDrift(emptyShape(), shapeOf({ a: 1 }))).toEqual([]);
  });
});
