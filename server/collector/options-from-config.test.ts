import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../config/config-schema';
import { loadConfig } from '../config';
import { defaultCollectorOptions } from './defaults';
import { collectorOptionsFromConfig } from './options-from-config';

const emptyDir = () => mkdtempSync(join(tmpdir(), 'eventline-collector-config-'));

describe('collectorOptionsFromConfig', () => {
  it('gives the collector defaults when nothing is set, leaving the topic patterns to the collector', () => {
    const o = collectorOptionsFromConfig(loadConfig({}, emptyDir()));
    expect(o).toMatchObject({ groupId: 'eventline-collector', cluster: 'default', topicRefreshMs: 10_000, sessionTimeoutMs: 30_000 });
    expect(o.limits?.payloadPreviewBytes).toBe(65_536);
    expect(o.include).toBeUndefined();
    expect(o.sessionTimeoutMs).toBe(defaultCollectorOptions.sessionTimeoutMs);
  });

  it('maps EVENTLINE_COLLECTOR_* settings, patterns split on commas', () => {
    const o = collectorOptionsFromConfig(
      loadConfig({ EVENTLINE_COLLECTOR_INCLUDE: '^orders\\., ^payments\\.', EVENTLINE_COLLECTOR_GROUP: 'g', EVENTLINE_COLLECTOR_SESSION_TIMEOUT_MS: '6000' }, emptyDir()),
    );
    expect(o.include?.map(String)).toEqual(['/^orders\\./', '/^payments\\./']);
    expect(o.groupId).toBe('g');
    expect(o.sessionTimeoutMs).toBe(6000);
  });

  it('stops at start on a pattern that is no regular expression', () => {
    expect(() => loadConfig({ EVENTLINE_COLLECTOR_EXCLUDE: 'a,(' }, emptyDir())).toThrowError(/EVENTLINE_COLLECTOR_EXCLUDE/);
  });

  it('documents every collector setting in the README table', () => {
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    const names = Object.keys(configSchema.shape).filter((k) => k.startsWith('EVENTLINE_COLLECTOR'));
    expect(names.length).toBe(8);
    for (const name of names) expect(readme).toContain(`| \`${name}\` |`);
  });
});
