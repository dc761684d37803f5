import { describe, expect, it } from 'vitest';
import { redactUrl, urlHostPort } from './redact-url';

describe('redactUrl', () => {
  it('hides the password in the userinfo and keeps the rest', () => {
    expect(redactUrl('postgres://app:s3cr%40t@db.internal:6543/eventline?sslmode=require')).toBe(
      'postgres://app:***@db.internal:6543/eventline?sslmode=require',
    );
  });

  it('hides a password passed as a query parameter', () => {
    const out = redactUrl('postgresql://db/eventline?user=app&password=hunter22');
    expect(out).not.toContain('hunter22');
    expect(out).toContain('user=app');
  });

  it('leaves a URL without credentials alone and never echoes garbage', () => {
    expect(redactUrl('postgres://db:5432/x')).toBe('postgres://db:5432/x');
    expect(redactUrl('not a url with secret')).toBe('<unparseable url>');
  });
});

describe('urlHostPort', () => {
  it('names host and port, defaulting the port', () => {
    expect(urlHostPort('postgres://u:p@db.internal:6543/x')).toBe('db.internal:6543');
    expect(urlHostPort('postgres://u:p@db.internal/x')).toBe('db.internal:5432');
    expect(urlHostPort('postgres://u:p@[::1]:5433/x')).toBe('[::1]:5433');
  });
});
