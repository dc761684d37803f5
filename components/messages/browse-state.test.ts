import { describe, expect, it } from 'vitest';
import { apiSearch, browseSearch, messageHref, parseBrowseState } from './browse-state';

const parse = (s: string) => parseBrowseState(new URLSearchParams(s));

describe('message browser URL state', () => {
  it('reads a deep link to a record and asks the API for it with context', () => {
    const s = parse('partition=2&offset=1234');
    expect(s).toEqual({ partition: 2, start: { kind: 'offset', offset: 1234 }, limit: 50 });
    expect(apiSearch(s)).toBe('partition=2&offset=1234&context=5&limit=50');
    expect(browseSearch(s)).toBe('partition=2&offset=1234');
  });

  it('pages without highlighting: from (newer) and before (older)', () => {
    expect(apiSearch(parse('partition=0&from=10&limit=20'))).toBe('partition=0&offset=10&limit=20');
    expect(apiSearch(parse('partition=0&before=10'))).toBe('partition=0&before=10&limit=50');
    expect(browseSearch(parse('partition=0&before=10&limit=20'))).toBe('partition=0&before=10&limit=20');
  });

  it('reads a timestamp start, for one partition or all', () => {
    const s = parse('timestamp=2026-01-01T10:00:00Z');
    expect(s).toEqual({ partition: null, start: { kind: 'timestamp', iso: '2026-01-01T10:00:00.000Z' }, limit: 50 });
    expect(apiSearch(s)).toBe('timestamp=2026-01-01T10%3A00%3A00.000Z&limit=50');
  });

  it('falls back to the newest records on anything it cannot use', () => {
    expect(parse('offset=5').start).toEqual({ kind: 'newest' }); // an offset without a partition
    expect(parse('partition=x&offset=-1').start).toEqual({ kind: 'newest' });
    expect(parse('timestamp=yesterday').start).toEqual({ kind: 'newest' });
    expect(parse('limit=100000').limit).toBe(500);
    expect(apiSearch(parse(''))).toBe('limit=50');
  });

  it('keeps a CEL filter in the page URL and passes it to the API, and drops a blank one', () => {
    const s = parse('partition=1&filter=value.n%20%3E%203');
    expect(s.filter).toBe('value.n > 3');
    expect(browseSearch(s)).toBe('partition=1&filter=value.n+%3E+3');
    expect(apiSearch(s)).toBe('partition=1&limit=50&filter=value.n+%3E+3');
    expect(parse('filter=%20%20').filter).toBeUndefined();
  });

  it('links to a record of a topic with an awkward name', () => {
    expect(messageHref('orders.v1#x', { partition: 1, offset: 7 })).toBe('/topics/orders.v1%23x/messages?partition=1&offset=7');
    expect(messageHref('orders')).toBe('/topics/orders/messages');
  });
});
