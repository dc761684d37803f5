import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultLimits } from '../defaults';
import { extractEvent } from '../extract';
import { loadIdConventionsFile, parseIdConventions, InvalidIdConventionsError } from './custom-conventions';
import { BUILT_IN_CONVENTIONS } from './id-conventions';
import { createIdReader } from './read-ids';

const b = (s: string) => Buffer.from(s);
const problem = (data: unknown) => {
  try {
    parseIdConventions(data, 'ids.json');
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidIdConventionsError);
    return (err as Error).message;
  }
  throw new Error('expected a validation error');
};

describe('EVENTLINE_ID_CONVENTIONS', () => {
  const file = {
    conventions: [
      { name: 'acme', topics: ['^acme\\.'], correlationId: { headers: ['acme-flow'], paths: ['envelope.flow'] }, causationId: { paths: ['envelope.cause'] } },
      { name: 'legacy', eventId: { paths: ['header.uid'] } },
    ],
  };
  const reader = createIdReader([...parseIdConventions(file, 'ids.json'), ...BUILT_IN_CONVENTIONS]);
  const x = (topic: string, headers: Record<string, Buffer>, value: unknown) =>
    extractEvent({ topic, partition: 0, offset: '1', timestamp: '0', key: null, value: Buffer.from(JSON.stringify(value)), headers }, reader, defaultLimits);

  it('adds headers and paths, before the built-in conventions, on the topics it names', () => {
    const e = x('acme.orders', { 'x-correlation-id': b('generic'), 'acme-flow': b('flow-1') }, { envelope: { cause: 'c0' } });
    expect(e).toMatchObject({ correlationId: 'flow-1', causationId: 'c0', idSources: { correlationId: 'acme', causationId: 'acme' } });
    expect(x('acme.orders', {}, { envelope: { flow: 'flow-2' } }).correlationId).toBe('flow-2');
    // Another topic: the built-in conventions only.
    expect(x('other', { 'x-correlation-id': b('generic'), 'acme-flow': b('flow-1') }, {}).idSources.correlationId).toBe('eventline-headers');
    // No topics: every topic.
    expect(x('other', {}, { header: { uid: 'u-1' }, id: 'entity' })).toMatchObject({ eventId: 'u-1', idSources: { eventId: 'legacy' } });
  });

  it('says in one line which key is wrong and what is allowed', () => {
    expect(problem([])).toBe('EVENTLINE_ID_CONVENTIONS (ids.json): (top level): must be an object with a "conventions" array');
    expect(problem({ conventions: [{ name: 'a', correlationid: { headers: ['x'] } }] })).toBe(
      'EVENTLINE_ID_CONVENTIONS (ids.json): conventions[0]: unknown key "correlationid"; allowed: name, title, topics, eventId, correlationId, causationId, eventType, eventVersion, source',
    );
    expect(problem({ conventions: [{ name: 'a', eventId: { headers: 'x-id' } }] })).toBe('EVENTLINE_ID_CONVENTIONS (ids.json): conventions[0].eventId.headers: must be an array of strings');
    expect(problem({ conventions: [{ name: 'a', eventId: { header: ['x'] } }] })).toBe('EVENTLINE_ID_CONVENTIONS (ids.json): conventions[0].eventId: unknown key "header"; allowed: headers, paths');
    expect(problem({ conventions: [{ name: 'a', topics: ['(['], eventId: { headers: ['x'] } }] })).toMatch(/^EVENTLINE_ID_CONVENTIONS \(ids\.json\): conventions\[0\]\.topics\[0\]: is not a valid regular expression/);
    expect(problem({ conventions: [{ name: 'b3', eventId: { headers: ['x'] } }] })).toMatch(/conventions\[0\]\.name: must not be a built-in convention's name/);
    expect(problem({ conventions: [{ name: 'a' }] })).toBe('EVENTLINE_ID_CONVENTIONS (ids.json): conventions[0]: must give at least one of eventId, correlationId, causationId, eventType, eventVersion, source');
    expect(problem({ conventions: [{ name: 'a', source: { headers: ['s'] } }, { name: 'a', source: { headers: ['s'] } }] })).toBe('EVENTLINE_ID_CONVENTIONS (ids.json): conventions[1].name: "a" is used twice');
    for (const m of [problem([]), problem({ conventions: [{}] })]) expect(m).not.toContain('\n');
  });

  it('reads the file, and says when it cannot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'idconv-'));
    const good = join(dir, 'ids.json');
    writeFileSync(good, JSON.stringify(file));
    expect(loadIdConventionsFile(good).map((c) => c.name)).toEqual(['acme', 'legacy']);
    expect(loadIdConventionsFile(undefined)).toEqual([]);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ "conventions": [ ');
    expect(() => loadIdConventionsFile(bad)).toThrow(/^EVENTLINE_ID_CONVENTIONS \(.*bad\.json\) is not valid JSON/);
    expect(() => loadIdConventionsFile(join(dir, 'missing.json'))).toThrow(/names .*missing\.json, which cannot be read \(ENOENT\)/);
  });
});
