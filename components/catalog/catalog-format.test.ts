import { describe, expect, it } from 'vitest';
import type { CatalogEntryView } from '../../lib/catalog-types';
import { defaultCompare, driftApiParams, driftChangeText, entryHref, groupByFamily, parseDriftFilters, serializeDriftFilters, traceHref } from './catalog-format';

const entry = (eventType: string, version: string, family: string, cluster = 'default') => ({ eventType, version, family, cluster }) as CatalogEntryView;

describe('catalog page helpers', () => {
  it('links to a type, a trace with its event open, and says what changed', () => {
    expect(entryHref({ cluster: 'default', eventType: 'shop.OrderPlaced.v2', version: '2' })).toBe('/catalog/type?type=shop.OrderPlaced.v2&version=2');
    expect(entryHref({ cluster: 'eu', eventType: 'a b', version: '' })).toBe('/catalog/type?type=a+b&version=&cluster=eu');
    expect(traceHref({ id: '42', topic: 't', partition: 0, offset: '1', timestamp: '', correlationId: 'c/1' })).toBe('/traces/c%2F1?event=42');
    expect(traceHref({ id: '42', topic: 't', partition: 0, offset: '1', timestamp: '', correlationId: null })).toBeNull();
    expect(driftChangeText('added', [], ['string'])).toBe('appeared as string');
    expect(driftChangeText('type-changed', ['integer'], ['integer', 'string'])).toBe('integer → integer | string');
  });

  it('groups entries by family and cluster, keeping the order', () => {
    const groups = groupByFamily([entry('a.v1', '1', 'a'), entry('a.v2', '2', 'a'), entry('a.v1', '1', 'a', 'eu'), entry('b', '', 'b')]);
    expect(groups.map((g) => [g.cluster, g.family, g.entries.length])).toEqual([
      ['default', 'a', 2],
      ['eu', 'a', 1],
      ['default', 'b', 1],
    ]);
  });

  it('compares a version with the one before it, the oldest with the next', () => {
    const sib = (version: string) => ({ eventType: `t.v${version}`, version });
    expect(defaultCompare({ version: '3' }, [sib('1'), sib('2'), sib('10')])).toEqual(sib('2'));
    expect(defaultCompare({ version: '1' }, [sib('10'), sib('2')])).toEqual(sib('2'));
    expect(defaultCompare({ version: '1' }, [])).toBeNull();
  });

  it('keeps the drift filters in the URL and turns them into the API’s query', () => {
    const f = parseDriftFilters(new URLSearchParams('type=shop.OrderPlaced&kind=added&since=1h&bogus=1&version=2'));
    expect(f).toEqual({ type: 'shop.OrderPlaced', version: '2', kind: 'added', since: '1h', path: '' });
    expect(serializeDriftFilters(f)).toBe('?type=shop.OrderPlaced&version=2&kind=added&since=1h');
    expect(parseDriftFilters(new URLSearchParams('kind=nope&since=2y'))).toMatchObject({ kind: '', since: 'all' });
    const now = Date.parse('2026-12-01T10:30:40Z');
    expect(driftApiParams(f, now, '99')).toBe('type=shop.OrderPlaced&version=2&kind=added&since=2026-12-01T09%3A30%3A00.000Z&before=99');
    expect(driftApiParams({ ...f, type: '', since: 'all' }, now)).toBe('kind=added');
  });
});
