// The client's layers point one way: data/ ← realtime/ ← api/. A test, so a new hook that
// reaches back up (the old api ⇄ realtime cycle) fails here rather than in review.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const importsOf = (folder: string) =>
  readdirSync(join(__dirname, folder))
    .filter((f) => /\.tsx?$/.test(f))
    .flatMap((f) =>
      [...readFileSync(join(__dirname, folder, f), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => ({ file: `${folder}/${f}`, spec: m[1]! })),
    );

const reachingInto = (folder: string, targets: string[]) =>
  importsOf(folder)
    .filter(({ spec }) => targets.some((t) => spec.includes(`components/${t}/`) || spec.startsWith(`../${t}/`)))
    .map(({ file, spec }) => `${file} → ${spec}`);

describe('client layers', () => {
  it('data/ imports neither api/ nor realtime/', () => {
    expect(reachingInto('data', ['api', 'realtime'])).toEqual([]);
  });
  it('realtime/ does not import api/', () => {
    expect(reachingInto('realtime', ['api'])).toEqual([]);
  });
});
