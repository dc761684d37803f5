import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger';
import { connectionSettingsFromConfig, kafkaOptions } from './kafka-client';
import { loadConfig } from '../config';

const log = createLogger({ level: 'error' });
const cwd = mkdtempSync(join(tmpdir(), 'eventline-kafka-opts-'));

describe('kafkaOptions', () => {
  it('passes SCRAM credentials and turns TLS on with a CA file', () => {
    const ca = join(cwd, 'ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nfake\n-----END CERTIFICATE-----\n');
    const config = loadConfig(
      {
        KAFKA_BROKERS: 'k1:9093',
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'svc',
        KAFKA_SASL_PASSWORD: 'pw-123456',
        KAFKA_SSL_CA_FILE: ca,
      },
      cwd,
    );
    const opts = kafkaOptions(connectionSettingsFromConfig(config, config.KAFKA_BROKERS!), log);
    expect(opts.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'svc', password: 'pw-123456' });
    expect(opts.ssl).toMatchObject({ rejectUnauthorized: true, ca: [expect.stringContaining('BEGIN CERTIFICATE')] });
  });

  it('connects in plain text without SASL by default', () => {
    const config = loadConfig({ KAFKA_BROKERS: 'k1:9092' }, cwd);
    const opts = kafkaOptions(connectionSettingsFromConfig(config, config.KAFKA_BROKERS!), log);
    expect(opts.ssl).toBeUndefined();
    expect(opts.sasl).toBeUndefined();
    expect(opts.brokers).toEqual(['k1:9092']);
  });

  it('never writes the SASL password into a log line', () => {
    const lines: string[] = [];
    const secretLog = createLogger({ level: 'debug', secrets: ['pw-123456'], write: (l) => lines.push(l) });
    const config = loadConfig({ KAFKA_BROKERS: 'k1:9092', KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'pw-123456' }, cwd);
    const opts = kafkaOptions(connectionSettingsFromConfig(config, config.KAFKA_BROKERS!), secretLog);
    opts.logCreator!(4)({ namespace: 'Connection', level: 4, label: 'INFO', log: { message: 'auth with pw-123456 failed', timestamp: 'x' } });
    expect(lines.join('\n')).not.toContain('pw-123456');
    expect(lines.join('\n')).toContain('auth with *** failed');
  });
});
