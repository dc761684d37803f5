import { describe, expect, it } from 'vitest';
import { loginUrl, safeNextPath } from './login-redirect';

describe('loginUrl', () => {
  it('carries the current page', () => {
    expect(loginUrl('/topics', '?q=orders')).toBe('/login?next=%2Ftopics%3Fq%3Dorders');
  });
  it('keeps it short for the home page and never loops on /login', () => {
    expect(loginUrl('/')).toBe('/login');
    expect(loginUrl('/login', '?next=%2Ftopics')).toBe('/login');
  });
});

describe('safeNextPath', () => {
  it('accepts local paths', () => {
    expect(safeNextPath('/topics?q=orders')).toBe('/topics?q=orders');
    expect(safeNextPath('/admin/audit')).toBe('/admin/audit');
  });
  it('refuses other hosts and odd input', () => {
    for (const bad of ['https://evil.example', '//evil.example', '/\\evil.example', 'topics', '/\t/evil', '', null]) {
      expect(safeNextPath(bad)).toBe('/');
    }
  });
  it('does not send you back to the login page', () => {
    expect(safeNextPath('/login?next=%2F')).toBe('/');
  });
});
