import { describe, expect, it } from 'vitest';
import { accumulate, emptyShape, type FieldShape } from './infer-shape';
import { compareWithSchema, shapePaths, type RegisteredField } from './schema-compare';

function shapeOf(...payloads: unknown[]): FieldShape {
  const shape = emptyShape();
  payloads.forEach((p, i) => accumulate(shape, p, undefined, String(100 + i)));
  return shape;
}

const f = (path: string, types: RegisteredField['types'], required = true, open = false): RegisteredField => ({ path, types, required, ...(open ? { open } : {}) });

describe('an observed shape against its registered schema', () => {
  const schema = [
    f('orderId', ['string']),
    f('amount', ['number']),
    f('note', ['null', 'string'], false),
    f('customer', ['object']),
    f('customer.id', ['string']),
    f('lines', ['array']),
    f('lines[]', ['object'], false),
    f('lines[].sku', ['string']),
    f('attributes', ['object'], true, true),
    f('refund', ['object'], false),
    f('refund.reason', ['string']),
  ];

  it('lists fields seen on the wire but not in the schema, with their presence and first event, only at their top', () => {
    const shape = shapeOf(
      { orderId: 'o1', amount: 10, customer: { id: 'c1' }, lines: [{ sku: 'a' }], attributes: { colour: 'red' } },
      { orderId: 'o2', amount: 10.5, customer: { id: 'c2', vip: true }, lines: [], coupon: { code: 'X', pct: 5 }, attributes: {} },
    );
    const cmp = compareWithSchema(shape, schema);
    expect(cmp.onWireOnly).toEqual([
      { path: 'customer.vip', types: ['boolean'], presence: 50, firstEventId: '101' },
      // Its fields are not listed again, and what sits in an open map is data, not a field.
      { path: 'coupon', types: ['object'], presence: 50, firstEventId: '101' },
    ]);
    expect(cmp.typeMismatches).toEqual([]);
    expect(cmp.matched).toBe(8);
  });

  it('lists schema fields never seen below what was seen, and says which are required', () => {
    const cmp = compareWithSchema(shapeOf({ orderId: 'o1', customer: {} }), schema);
    expect(cmp.inSchemaOnly).toEqual([
      { path: 'amount', types: ['number'], required: true },
      { path: 'note', types: ['null', 'string'], required: false },
      { path: 'customer.id', types: ['string'], required: true },
      { path: 'lines', types: ['array'], required: true },
      { path: 'attributes', types: ['object'], required: true },
      // refund.reason is not listed: refund itself never came.
      { path: 'refund', types: ['object'], required: false },
    ]);
  });

  it('flags wire types the schema does not allow; whole numbers fit a number', () => {
    const cmp = compareWithSchema(shapeOf({ orderId: 'o1', amount: 10 }, { orderId: 7, amount: '10.00', note: null }), schema);
    // Each links to the first event that sent the type the schema does not allow.
    expect(cmp.typeMismatches).toEqual([
      { path: 'orderId', wire: ['integer', 'string'], schema: ['string'], firstEventId: '101' },
      { path: 'amount', wire: ['integer', 'string'], schema: ['number'], firstEventId: '101' },
    ]);
  });

  it('walks a shape’s positions parents first, skipping arrays only ever seen empty', () => {
    expect(shapePaths(shapeOf({ a: { b: 1 }, c: [], d: [{ e: 1 }] })).map((p) => p.path)).toEqual(['a', 'a.b', 'c', 'd', 'd[]', 'd[].e']);
  });
});
