import { describe, expect, it } from 'vitest';
import { formatAuditDetail, truncate } from './audit-format';

describe('formatAuditDetail', () => {
  it('writes flat objects as key=value', () => {
    expect(formatAuditDetail({ partitions: 3, replicationFactor: 1, reason: 'wrong password' })).toBe(
      'partitions=3 replicationFactor=1 reason="wrong password"',
    );
  });
  it('avoids backslashes when single quotes will do', () => {
    expect(formatAuditDetail({ error: 'Topic "orders" already exists.' })).toBe(`error='Topic "orders" already exists.'`);
    expect(formatAuditDetail({ empty: '' })).toBe('empty=""');
  });
  it('falls back to JSON for nested values', () => {
    expect(formatAuditDetail({ a: { b: 1 } })).toBe('{"a":{"b":1}}');
    expect(formatAuditDetail([1, 2])).toBe('[1,2]');
  });
  it('is empty for nothing', () => {
    expect(formatAuditDetail(null)).toBe('');
    expect(formatAuditDetail(undefined)).toBe('');
  });
});

describe('truncate', () => {
  it('cuts long text with an ellipsis', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
  });
});
