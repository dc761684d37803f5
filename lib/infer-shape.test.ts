import { describe, expect, it } from 'vitest';
import { accumulate, type Novelty, emptyShape, MAX_EXAMPLES, MAX_PROPERTIES, mergePayload, mergeShapes, presencePercent, toJsonSchema, typesOf, type FieldShape } from './infer-shape';

const shapeOf = (...payloads: unknown[]) => payloads.reduce<FieldShape>((s, p) => mergePayload(s, p), emptyShape());

describe('inferring a shape', () => {
  it('counts each field’s presence among the objects seen', () => {
    const shape = shapeOf({ id: 1, note: 'a' }, { id: 2 }, { id: 3 }, { id: 4, note: 'b' });
    const view = toJsonSchema(shape);
    expect(view.type).toBe('object');
    expect(view.properties?.id?.['x-presence']).toBe(100);
    expect(view.properties?.note?.['x-presence']).toBe(50);
    expect(view.required).toEqual(['id']);
  });

  it('records union types, most frequent first, and keeps null as a type', () => {
    const shape = shapeOf({ v: 'x' }, { v: 1 }, { v: 'y' }, { v: null }, { v: 1.5 });
    expect(typesOf(shape.properties!.v!)).toEqual(['string', 'integer', 'null', 'number']);
    expect(toJsonSchema(shape).properties?.v?.type).toEqual(['string', 'integer', 'null', 'number']);
  });

  it('follows nested objects, with presence relative to the parent object', () => {
    const shape = shapeOf({ customer: { id: 'c1', address: { city: 'Oslo' } } }, { customer: { id: 'c2' } }, { other: true });
    const customer = shape.properties!.customer!;
    expect(presencePercent(shape, customer)).toBeCloseTo(66.7);
    expect(presencePercent(customer, customer.properties!.id!)).toBe(100);
    expect(presencePercent(customer, customer.properties!.address!)).toBe(50);
    expect(toJsonSchema(shape).properties?.customer?.properties?.address?.properties?.city?.examples).toEqual(['Oslo']);
  });

  it('merges all elements of arrays into one item shape, objects in arrays included', () => {
    const shape = shapeOf({ lines: [{ sku: 'a', qty: 1 }, { sku: 'b' }] }, { lines: [] }, { lines: [{ sku: 'c', qty: 2.5 }] });
    const lines = toJsonSchema(shape).properties!.lines!;
    expect(lines.type).toBe('array');
    expect(lines.items?.type).toBe('object');
    expect(lines.items?.properties?.sku?.['x-presence']).toBe(100);
    expect(lines.items?.properties?.qty?.['x-presence']).toBeCloseTo(66.7);
    expect(lines.items?.properties?.qty?.type).toEqual(['integer', 'number']);
    expect(shape.properties!.lines!.items!.seen).toBe(3);
  });

  it('keeps a few distinct examples and masks secrets and e-mail addresses', () => {
    const shape = shapeOf(
      { status: 'new', password: 'hunter2', cardNumber: '4111111111111111', contact: 'a@b.io', apiToken: 't' },
      { status: 'new' },
      { status: 'paid' },
      { status: 'shipped' },
      { status: 'lost' },
    );
    const p = toJsonSchema(shape).properties!;
    expect(p.status?.examples).toEqual(['new', 'paid', 'shipped']);
    expect(p.status?.examples).toHaveLength(MAX_EXAMPLES);
    expect(p.password?.examples).toEqual(['••••']);
    expect(p.cardNumber?.examples).toEqual(['••••']);
    expect(p.contact?.examples).toEqual(['••••']);
    expect(p.apiToken?.examples).toEqual(['••••']);
    expect(JSON.stringify(shape)).not.toMatch(/hunter2|4111|a@b\.io/);
  });

  it('is pure: merging leaves the earlier shape as it was', () => {
    const one = shapeOf({ a: 1 });
    const two = mergePayload(one, { a: 'x', b: true });
    expect(one.seen).toBe(1);
    expect(one.properties?.b).toBeUndefined();
    expect(two.seen).toBe(2);
  });

  it('merges two shapes as if all their payloads had gone into one', () => {
    const payloads = [{ a: 1, n: { x: [1, 2] } }, { a: 'z' }, { b: null, n: { x: [], y: 'q' } }, { a: 2, b: false }];
    const whole = shapeOf(...payloads);
    const merged = mergeShapes(shapeOf(...payloads.slice(0, 2)), shapeOf(...payloads.slice(2)));
    expect(merged).toEqual(whole);
  });

  it('stops tracking new property names past the cap instead of growing without end', () => {
    const wide = Object.fromEntries(Array.from({ length: MAX_PROPERTIES + 5 }, (_, i) => [`k${i}`, i]));
    const shape = accumulate(emptyShape(), wide);
    expect(Object.keys(shape.properties!)).toHaveLength(MAX_PROPERTIES);
    expect(shape.droppedProperties).toBe(5);
  });

  it('tells which payload first showed a new field or a new type, and only at positions seen before', () => {
    const shape = emptyShape();
    const heard: [number, Novelty][] = [];
    const payloads = [
      { id: 1, lines: [{ sku: 'a' }] },
      { id: 2, lines: [{ sku: 'b', qty: 1 }] },
      { id: '3', meta: { a: 1 } },
      { id: 4.5, lines: [] },
      { id: 5, meta: { a: 'x', b: 1 } },
    ];
    payloads.forEach((p, i) => accumulate(shape, p, (n) => heard.push([i, n])));
    expect(heard).toEqual([
      [1, { path: 'lines[].qty', kind: 'added', before: [], after: 'integer' }],
      [2, { path: 'id', kind: 'type-changed', before: ['integer'], after: 'string' }],
      [2, { path: 'meta', kind: 'added', before: [], after: 'object' }],
      [4, { path: 'meta.a', kind: 'type-changed', before: ['integer'], after: 'string' }],
      [4, { path: 'meta.b', kind: 'added', before: [], after: 'integer' }],
    ]);
  });

  it('remembers the first event that had a value at each position, also across merged shapes', () => {
    const a = emptyShape();
    accumulate(a, { id: 1 }, undefined, '10');
    accumulate(a, { id: 2, lines: [{ sku: 'x' }] }, undefined, '11');
    accumulate(a, { id: 3, note: 'n' }, undefined, '12');
    expect([a.firstEventId, a.properties!.id!.firstEventId, a.properties!.lines!.items!.properties!.sku!.firstEventId, a.properties!.note!.firstEventId]).toEqual(['10', '10', '11', '12']);
    const b = emptyShape();
    accumulate(b, { id: 4, coupon: 'c' }, undefined, '20');
    const merged = mergeShapes(a, b);
    expect([merged.properties!.id!.firstEventId, merged.properties!.coupon!.firstEventId]).toEqual(['10', '20']);
    accumulate(a, { id: 'x' }, undefined, '13');
    expect(a.properties!.id!.firstEventIdByType).toEqual({ integer: '10', string: '13' });
  });
});
