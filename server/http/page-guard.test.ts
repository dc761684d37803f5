import { describe, expect, it } from 'vitest';
import { createPageGuard, displayRedirect, safeNextPath, withoutToken } from './page-guard';

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
  it('sends a wall display to the wall and nowhere else', () => {
    expect(displayRedirect('/wall')).toBeNull();
    expect(displayRedirect('/')).toBe('/wall');
    expect(displayRedirect('/admin/audit')).toBe('/wall');
    expect(displayRedirect('/topics/orders/messages')).toBe('/wall');
    expect(displayRedirect('/wall/../admin')).toBe('/wall');
  });
  it('drops the display token from the wall address and keeps the rest', () => {
    expect(withoutToken(new URL('http://x/wall?token=evd_abc&boards=health,groups&rotate=30'))).toBe('/wall?boards=health,groups&rotate=30');
    expect(withoutToken(new URL('http://x/wall?token=evd_abc'))).toBe('/wall');
  });
});
