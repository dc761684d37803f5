import { describe, expect, it } from 'vitest';
import type { RawRecord } from '../kafka';
import { celRecord, compileCel } from './record-filter';

const raw = (value: string | null, headers: Record<string, string> = {}, key: string | null = 'k-1'): RawRecord => ({
  partition: 2,
  offset: 41,
  timestamp: 1_700_000_000_000,
  timestampType: 'create',
  key: key === null ? null : Buffer.from(key),
  value: value === null ? null : Buffer.from(value),
  headers: Object.entries(headers).map(([k, v]) => ({ key: k, value: Buffer.from(v) })),
});
const holds = (expr: string, r: RawRecord) => compileCel(expr)(celRecord('orders', r));

describe('CEL over a record', () => {
  it('sees whole JSON numbers as ints at any depth, fractions as doubles', () => {
    const r = raw(JSON.stringify({ n: 7, items: [{ qty: 3 }, { qty: 4.5 }], deep: { a: { b: 10 } } }));
    expect(holds('value.n % 4 == 3', r)).toBe(true);
    expect(holds('value.items[0].qty * 2 == 6', r)).toBe(true);
    expect(holds('value.items[1].qty > 4.0', r)).toBe(true);
    expect(holds('value.deep.a.b / 3 == 3', r)).toBe(true);
  });

  it('reads key, headers, topic and position, and text that is not JSON', () => {
    const r = raw('plain text', { 'x-tenant': 'eu' });
    expect(holds('key == "k-1" && headers["x-tenant"] == "eu" && topic == "orders"', r)).toBe(true);
    expect(holds('partition == 2 && offset == 41 && timestamp > 0', r)).toBe(true);
    expect(holds('value == "plain text"', r)).toBe(true);
    expect(holds('value == null', raw(null))).toBe(true);
    expect(holds('key == null', raw('{}', {}, null))).toBe(true);
  });

  it('keeps a "__proto__" key of the payload a key', () => {
    const r = raw('{"__proto__": {"n": 1}, "m": 2}');
    expect(holds('value.m == 2', r)).toBe(true);
    expect(holds('value["__proto__"].n == 1', r)).toBe(true);
  });

  it('does not match a record it cannot evaluate', () => {
    expect(holds('value.missing.field == 1', raw('{"a": 1}'))).toBe(false);
  });
});
