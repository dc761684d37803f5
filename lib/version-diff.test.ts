import { describe, expect, it } from 'vitest';
import { emptyShape, mergePayload, type FieldShape } from './infer-shape';
import { diffVersions, summarizeDiff } from './version-diff';

const shapeOf = (...payloads: unknown[]) => payloads.reduce<FieldShape>((s, p) => mergePayload(s, p), emptyShape());

describe('two versions side by side', () => {
  const v1 = shapeOf(
    { orderId: 'o1', total: 10, legacyCode: 'A', customer: { id: 'c1' }, lines: [{ sku: 'a', qty: 1 }] },
    { orderId: 'o2', total: 11.5, legacyCode: 'B', customer: { id: 'c2' }, lines: [] },
  );
  const v2 = shapeOf(
    { orderId: 'o3', total: '12.00', currency: 'EUR', customer: { id: 'c3', tier: 'gold' }, lines: [{ sku: 'b', qty: 2 }], shipping: { method: 'post' } },
    { orderId: 'o4', total: '9.00', currency: 'EUR', customer: { id: 'c4' }, lines: [{ sku: 'c', qty: 1 }] },
  );

  it('lists each field with its change, types and presence in both versions', () => {
    const rows = diffVersions(v1, v2);
    const at = (p: string) => rows.find((r) => r.path === p)!;
    expect(at('orderId')).toMatchObject({ change: 'same', presenceBefore: 100, presenceAfter: 100 });
    expect(at('total')).toMatchObject({ change: 'type-changed', before: ['integer', 'number'], after: ['string'] });
    expect(at('currency')).toMatchObject({ change: 'added', before: [], after: ['string'], presenceBefore: null, presenceAfter: 100 });
    expect(at('legacyCode')).toMatchObject({ change: 'removed', presenceBefore: 100, presenceAfter: null });
    expect(at('customer.tier')).toMatchObject({ change: 'added', depth: 1, presenceAfter: 50 });
    expect(at('lines[]')).toMatchObject({ change: 'same', presenceBefore: null });
    expect(at('lines[].qty')).toMatchObject({ change: 'same', depth: 2 });
    // Inside an added object, fields carry its change.
    expect(at('shipping.method')).toMatchObject({ change: 'added', depth: 1 });
    // The newer version's order first, then what only the older one had.
    expect(rows.map((r) => r.path).slice(0, 3)).toEqual(['orderId', 'total', 'currency']);
    expect(rows.at(-1)!.path).toBe('legacyCode');
  });

  it('counts changes at their top, and presence shifts', () => {
    expect(summarizeDiff(diffVersions(v1, v2))).toEqual({ added: 3, removed: 1, 'type-changed': 1, presenceShifts: 0 });
    const often = shapeOf({ a: 1, b: 1 }, { a: 1, b: 1 });
    const rarely = shapeOf({ a: 1, b: 1 }, { a: 1 }, { a: 1 }, { a: 1 });
    expect(summarizeDiff(diffVersions(often, rarely))).toEqual({ added: 0, removed: 0, 'type-changed': 0, presenceShifts: 1 });
  });
});
