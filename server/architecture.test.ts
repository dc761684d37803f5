import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The import graph of server/, read statically: every `import … from '…'`,
 * `export … from '…'`, `import('…')` and `import '…'` of a .ts file. Type-only imports
 * count too: a cycle of types is still a cycle a reader has to untangle.
 */
const SERVER = resolve(__dirname);
/** Folders allowed to import server/http/: the HTTP layer itself and the wiring. */
const GENERATED = join(SERVER, 'store/generated');
const MAY_IMPORT_HTTP = new Set(['http', 'app']);
const SPECIFIER = /(?:^|[^\w.])(?:import|export)\s+(?:type\s+)?(?:[\w*\s{},$]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    // Prisma's generated client is not ours to shape.
    if (statSync(path).isDirectory()) return path === GENERATED ? [] : tsFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

function resolveLocal(from: string, specifier: string, files: Set<string>): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) if (files.has(candidate)) return candidate;
  return null;
}

export function importSpecifiers(source: string): string[] {
  // Comments may mention imports; they are not edges.
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  return [...code.matchAll(SPECIFIER)].map((m) => m[1] ?? m[2] ?? '');
}

function serverGraph(): Map<string, string[]> {
  const files = new Set(tsFiles(SERVER));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const edges = importSpecifiers(readFileSync(file, 'utf8'))
      .map((s) => resolveLocal(file, s, files))
      .filter((t): t is string => t !== null);
    graph.set(file, edges);
  }
  return graph;
}

/** Every cycle's files, found by a depth-first walk (one cycle reported per back edge). */
export function findCycles(graph: Map<string, string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return cycles;
}

const top = (file: string) => relative(SERVER, file).split('/')[0] ?? '';
const rel = (file: string) => relative(SERVER, file);

describe('server/ import graph', () => {
  const graph = serverGraph();

  it('reads the imports of every file (the parser finds the edges it must)', () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(graph.get(join(SERVER, 'app-server.ts'))).toContain(join(SERVER, 'http/api-app.ts'));
    expect(importSpecifiers("import type { A } from './a';\nexport { b } from \"../b\";\n// import x from './c'\nconst m = await import('./d');")).toEqual(['./a', '../b', './d']);
  });

  it('has no import cycle', () => {
    expect(findCycles(new Map([['a', ['b']], ['b', ['a']]]))).toEqual([['a', 'b', 'a']]);
    expect(findCycles(graph).map((cycle) => cycle.map(rel).join(' → '))).toEqual([]);
  });

  it('has no import from a domain into server/http/', () => {
    const upward: string[] = [];
    for (const [file, edges] of graph) {
      if (!rel(file).includes('/') || MAY_IMPORT_HTTP.has(top(file))) continue;
      for (const target of edges) if (top(target) === 'http') upward.push(`${rel(file)} → ${rel(target)}`);
    }
    expect(upward).toEqual([]);
  });
});
