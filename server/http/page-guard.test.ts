import { describe, expect, it } from 'vitest';
import { createPageGuard, safeNextPath } from './page-guard';

describe('page guard', () => {
  const isOpen = createPageGuard('/nonexistent-project');
  it('lets the login page and Next assets through, nothing else', () => {
    expect(isOpen('/login')).toBe(true);
    expect(isOpen('/_next/static/chunks/x.js')).toBe(true);
    expect(isOpen('/')).toBe(false);
    expect(isOpen('/topics')).toBe(false);
    expect(isOpen('/login/../topics')).toBe(false);
    expect(isOpen('/_next/data/x.json')).toBe(false);
  });
  it('keeps redirects on this site', () => {
    expect(safeNextPath('/topics?x=1')).toBe('/topics?x=1');
    expect(safeNextPath('//evil.example')).toBe('/');
    expect(safeNextPath('https://evil.example')).toBe('/');
    expect(safeNextPath(undefined)).toBe('/');
  });
});
