import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_CONVENTIONS } from './id-conventions';
import { precedenceTable } from './precedence-table';

describe('the documented precedence table', () => {
  it('is the one printed from the conventions the collector runs on', () => {
    const doc = readFileSync(new URL('../../../docs/architecture.md', import.meta.url), 'utf8');
    const m = /<!-- precedence-table:start -->\n([\s\S]*?)\n<!-- precedence-table:end -->/.exec(doc);
    expect(m, 'docs/architecture.md has the precedence-table markers').not.toBeNull();
    // To update: npx tsx -e "import('./server/collector/conventions/precedence-table.ts').then(m=>console.log(m.precedenceTable()))"
    expect(m![1]).toBe(precedenceTable());
  });
  it('lists every convention in its order of precedence', () => {
    const rows = precedenceTable().split('\n').filter((l) => /^\| \d+ \|/.test(l));
    expect(rows.map((r) => /\(`([^`]+)`\)/.exec(r)![1])).toEqual(BUILT_IN_CONVENTIONS.map((c) => c.name));
  });
});
