import { describe, expect, it } from 'vitest';
import { createLogger, redactSecrets } from './logger';

describe('logger', () => {
  it('hides passwords in URLs and known secrets', () => {
    expect(redactSecrets('connect postgres://app:s3cret@db:5432/x failed')).toBe('connect postgres://app:***@db:5432/x failed');
    expect(redactSecrets('sasl with hunter22 refused', ['hunter22'])).toBe('sasl with *** refused');
  });

  it('drops lines below its level and writes fields', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', write: (l) => lines.push(l), secrets: ['topsecret'] }).child('kafka');
    log.debug('hidden');
    log.warn('broker down', { brokers: ['a:1'], error: new Error('bad topsecret') });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/WARN  \[kafka\] broker down brokers=\["a:1"\] error="bad \*\*\*"/);
  });
});
