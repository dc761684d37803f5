import type { SchemaShape } from './schema-shape';

const show = (v: unknown) => JSON.stringify(v);

/** Compares named things on both sides and reports missing, unexpected and changed ones. */
function compareMaps<T>(where: string, expected: Record<string, T>, actual: Record<string, T>, out: string[], detail?: (name: string, e: T, a: T) => void): void {
  for (const name of Object.keys(expected).sort()) {
    const e = expected[name]!;
    const a = actual[name];
    if (a === undefined) out.push(`${where} ${name}: missing from the database (schema.prisma declares ${show(e)})`);
    else if (detail) detail(name, e, a);
    else if (show(e) !== show(a)) out.push(`${where} ${name}: database has ${show(a)}, schema.prisma says ${show(e)}`);
  }
  for (const name of Object.keys(actual).sort()) {
    if (!(name in expected)) out.push(`${where} ${name}: in the database but not in schema.prisma (${show(actual[name])})`);
  }
}

/** Every difference between what schema.prisma declares and what the database has; empty when they match. */
export function diffSchemas(expected: SchemaShape, actual: SchemaShape): string[] {
  const out: string[] = [];
  compareMaps('enum', expected.enums, actual.enums, out);
  compareMaps('table', expected.tables, actual.tables, out, (table, e, a) => {
    compareMaps('column', prefix(table, e.columns), prefix(table, a.columns), out, (col, ec, ac) => {
      for (const key of ['type', 'nullable', 'default'] as const) {
        if (ec[key] !== ac[key]) out.push(`column ${col}: ${key} is ${show(ac[key])} in the database, schema.prisma says ${show(ec[key])}`);
      }
    });
    if (show(e.primaryKey) !== show(a.primaryKey)) out.push(`primary key of ${table}: database has ${show(a.primaryKey)}, schema.prisma says ${show(e.primaryKey)}`);
    compareMaps(`index on ${table}`, e.indexes, a.indexes, out);
    compareMaps(`foreign key on ${table}`, e.foreignKeys, a.foreignKeys, out);
    compareMaps(`constraint on ${table}`, e.checks, a.checks, out);
  });
  return out;
}

function prefix<T>(table: string, m: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [`${table}.${k}`, v]));
}
