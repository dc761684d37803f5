import { serialize } from 'pg-protocol';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { bindChunks } from './pg-bind-writer';

const prepareValue = (pg as unknown as { utils: { prepareValue(v: unknown): unknown } }).utils.prepareValue;
const large = (n: number, fill: number) => Buffer.alloc(n, fill);

describe('bindChunks', () => {
  it('leaves a Bind without a large Buffer to node-postgres', () => {
    expect(bindChunks({ values: ['a', null, Buffer.from('xy'), 42] })).toBeNull();
  });

  it.each([
    ['unnamed, large arrays between small values', { values: ['local', large(70_000, 1), null, 'zürich ✓', large(200_000, 2), Buffer.from([0, 1, 2]), '7', ''] }],
    ['named statement and portal, binary results', { portal: 'p1', statement: 's1', binary: true, values: [large(64 * 1024, 3)] }],
    ['many small values after a large one', { values: [large(100_000, 4), ...Array.from({ length: 5000 }, (_, i) => `value ${i}`)] }],
    ['a date and an object, through the value mapper', { values: [large(65_536, 5), new Date(Date.UTC(2026, 0, 2, 3, 4, 5)), { a: [1, 'x'] }, [1, 2]], valueMapper: prepareValue }],
  ])('writes the bytes node-postgres writes: %s', (_name, config) => {
    const ours = bindChunks(config as never);
    expect(ours).not.toBeNull();
    // Large buffers travel as they are, not copied.
    for (const v of config.values) if (Buffer.isBuffer(v) && v.length >= 64 * 1024) expect(ours!.some((c) => c === v)).toBe(true);
    expect(Buffer.concat(ours!).equals(serialize.bind(config as never))).toBe(true);
  });
});
