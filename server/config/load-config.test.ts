import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidConfigError, loadConfig } from './load-config';

const emptyDir = () => mkdtempSync(join(tmpdir(), 'eventline-config-'));

describe('loadConfig', () => {
  it('gives the embedded defaults when nothing is set', () => {
    const c = loadConfig({}, emptyDir());
    expect(c.PORT).toBe(3000);
    expect(c.HOST).toBe('127.0.0.1');
    expect(c.KAFKA_BROKERS).toBeUndefined();
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it('parses a broker list', () => {
    const c = loadConfig({ KAFKA_BROKERS: 'a:9092, b:9093' }, emptyDir());
    expect(c.KAFKA_BROKERS).toEqual(['a:9092', 'b:9093']);
  });

  it('takes a cluster name, trimmed, and refuses a blank one', () => {
    expect(loadConfig({ KAFKA_CLUSTER_NAME: ' shop-prod ' }, emptyDir()).KAFKA_CLUSTER_NAME).toBe('shop-prod');
    expect(loadConfig({}, emptyDir()).KAFKA_CLUSTER_NAME).toBeUndefined();
    expect(() => loadConfig({ KAFKA_CLUSTER_NAME: '  ' }, emptyDir())).toThrowError(/KAFKA_CLUSTER_NAME/);
  });

  it('stops on a wrong value with one line naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' }, emptyDir())).toThrowError(/^Invalid setting PORT: .*got "eighty"/);
    expect(() => loadConfig({ PORT: "70000" }, emptyDir())).toThrowError(/PORT/);
    expect(() => loadConfig({ KAFKA_BROKERS: 'nohostport' }, emptyDir())).toThrowError(/KAFKA_BROKERS.*host:port/);
  });

  it('never echoes a secret value', () => {
    try {
      loadConfig({ EVENTLINE_ADMIN_PASSWORD: 'short' }, emptyDir());
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidConfigError);
      expect((err as Error).message).toContain('EVENTLINE_ADMIN_PASSWORD');
      expect((err as Error).message).not.toContain('short');
    }
  });

  it('requires SASL credentials with a mechanism', () => {
    expect(() => loadConfig({ KAFKA_SASL_MECHANISM: 'plain' }, emptyDir())).toThrowError(/KAFKA_SASL_USERNAME/);
  });

  it('reads eventline.config.json and lets the environment win', () => {
    const dir = emptyDir();
    writeFileSync(join(dir, 'eventline.config.json'), JSON.stringify({ PORT: 4000, HOST: '0.0.0.0' }));
    const c = loadConfig({ PORT: '5000' }, dir);
    expect(c.PORT).toBe(5000);
    expect(c.HOST).toBe('0.0.0.0');
  });

  it('refuses unknown keys in the config file', () => {
    const dir = emptyDir();
    writeFileSync(join(dir, 'eventline.config.json'), JSON.stringify({ PROT: 4000 }));
    expect(() => loadConfig({}, dir)).toThrowError(/unknown setting PROT/);
  });
});
