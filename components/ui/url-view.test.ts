import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseUrlView, serializeUrlView, urlFlag } from './url-view';

const defaults = { q: '', sort: 'name', dir: 'asc', live: true, extra: false };
const schema = z.object({
  q: z.string().catch(''),
  sort: z.enum(['name', 'size']).catch('name'),
  dir: z.enum(['asc', 'desc']).catch('asc'),
  live: urlFlag(true),
  extra: urlFlag(),
});

describe('view state in the URL', () => {
  it('writes nothing for the default view', () => {
    expect(serializeUrlView(defaults, defaults)).toBe('');
  });

  it('writes sort and dir together, toggles as 1/0, in the defaults’ order', () => {
    expect(serializeUrlView({ ...defaults, extra: true, dir: 'desc', live: false }, defaults)).toBe('?sort=name&dir=desc&live=0&extra=1');
  });

  it('reads back what it wrote', () => {
    const view = { q: 'a b&c', sort: 'size', dir: 'desc', live: false, extra: true } as const;
    expect(parseUrlView(schema, new URLSearchParams(serializeUrlView(view, defaults)))).toEqual(view);
  });

  it('falls back field by field', () => {
    expect(parseUrlView(schema, new URLSearchParams('sort=bogus&dir=desc&live=maybe'))).toEqual({ ...defaults, dir: 'desc' });
  });
});
