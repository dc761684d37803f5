import { describe, expect, it } from 'vitest';
import { readCookie } from './read-cookie';

describe('readCookie', () => {
  it('finds one cookie among several', () => {
    expect(readCookie('a=1; eventline_session=abc%3D; b=2', 'eventline_session')).toBe('abc=');
    expect(readCookie('a=1', 'eventline_session')).toBeUndefined();
    expect(readCookie(undefined, 'x')).toBeUndefined();
    expect(readCookie('x=%E0%A4%A', 'x')).toBeUndefined();
  });
});
