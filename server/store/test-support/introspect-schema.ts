import type { SqlExecutor } from '../sql-executor';
import type { SchemaShape, TableShape } from './schema-shape';

const IGNORED_TABLES = new Set(['_prisma_migrations']);

const referentialActions: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

// Quoting is spelling, not shape: "Role" and Role name the same type.
const unquote = (s: string) => s.replace(/"/g, '');

/** Reads the live schema `namespace` from PostgreSQL's catalogs (works the same on PGlite). */
export async function introspectSchema(sql: SqlExecutor, namespace = 'public'): Promise<SchemaShape> {
  const tables: Record<string, TableShape> = {};
  const table = (name: string) => tables[name];

  const rels = await sql.query<{ name: string }>(
    `SELECT c.relname::text AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')`,
    [namespace],
  );
  for (const r of rels.rows) {
    if (!IGNORED_TABLES.has(r.name)) tables[r.name] = { columns: {}, primaryKey: null, indexes: {}, foreignKeys: {}, checks: {} };
  }

  const cols = await sql.query<{ tbl: string; name: string; type: string; nullable: boolean; dflt: string | null; identity: string; generated: string }>(
    `SELECT c.relname::text AS tbl, a.attname::text AS name, format_type(a.atttypid, a.atttypmod) AS type,
            NOT a.attnotnull AS nullable, pg_get_expr(d.adbin, d.adrelid) AS dflt,
            a.attidentity::text AS identity, a.attgenerated::text AS generated
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped`,
    [namespace],
  );
  for (const c of cols.rows) {
    const t = table(c.tbl);
    if (!t) continue;
    let dflt = c.dflt === null ? null : unquote(c.dflt);
    if (c.identity) dflt = `GENERATED ${c.identity === 'a' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`;
    if (c.generated) dflt = `GENERATED ALWAYS AS (${dflt}) STORED`;
    t.columns[c.name] = { type: unquote(c.type), nullable: c.nullable, default: dflt };
  }

  // indoption bit 1 = DESC, bit 2 = NULLS FIRST; only non-default null ordering is spelled out.
  const idx = await sql.query<{ tbl: string; name: string; is_unique: boolean; is_primary: boolean; method: string; predicate: string | null; columns: string[] }>(
    `SELECT t.relname::text AS tbl, i.relname::text AS name, ix.indisunique AS is_unique, ix.indisprimary AS is_primary,
            am.amname::text AS method, pg_get_expr(ix.indpred, ix.indrelid) AS predicate,
            ARRAY(
              SELECT pg_get_indexdef(ix.indexrelid, k + 1, true)
                     || CASE WHEN ix.indoption[k] & 1 = 1 THEN ' DESC' ELSE '' END
                     || CASE WHEN ix.indoption[k] & 3 = 2 THEN ' NULLS FIRST'
                             WHEN ix.indoption[k] & 3 = 1 THEN ' NULLS LAST' ELSE '' END
                FROM generate_series(0, ix.indnkeyatts - 1) AS k ORDER BY k
            ) AS columns
       FROM pg_index ix
       JOIN pg_class i ON i.oid = ix.indexrelid
       JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_am am ON am.oid = i.relam
      WHERE n.nspname = $1`,
    [namespace],
  );
  for (const i of idx.rows) {
    const t = table(i.tbl);
    if (!t || i.is_primary) continue;
    t.indexes[i.name] = { columns: i.columns.map(unquote), unique: i.is_unique, method: i.method, predicate: i.predicate };
  }

  const cons = await sql.query<{ tbl: string; name: string; kind: string; columns: string[]; ref_table: string | null; ref_columns: string[]; on_update: string; on_delete: string; def: string }>(
    `SELECT t.relname::text AS tbl, con.conname::text AS name, con.contype::text AS kind,
            ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS u(num, ord)
                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = u.num ORDER BY u.ord) AS columns,
            rt.relname::text AS ref_table,
            ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS u(num, ord)
                    JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = u.num ORDER BY u.ord) AS ref_columns,
            con.confupdtype::text AS on_update, con.confdeltype::text AS on_delete,
            pg_get_constraintdef(con.oid, true) AS def
       FROM pg_constraint con
       JOIN pg_class t ON t.oid = con.conrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       LEFT JOIN pg_class rt ON rt.oid = con.confrelid
      WHERE n.nspname = $1 AND con.contype IN ('p', 'f', 'c', 'x')`,
    [namespace],
  );
  for (const c of cons.rows) {
    const t = table(c.tbl);
    if (!t) continue;
    if (c.kind === 'p') t.primaryKey = { name: c.name, columns: c.columns };
    else if (c.kind === 'f') {
      t.foreignKeys[c.name] = {
        columns: c.columns,
        refTable: c.ref_table ?? '?',
        refColumns: c.ref_columns,
        onDelete: referentialActions[c.on_delete] ?? c.on_delete,
        onUpdate: referentialActions[c.on_update] ?? c.on_update,
      };
    } else t.checks[c.name] = c.def; // CHECK and EXCLUDE: Prisma writes neither
  }

  const en = await sql.query<{ name: string; labels: string[] }>(
    `SELECT t.typname::text AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = $1 GROUP BY t.typname`,
    [namespace],
  );
  const enums = Object.fromEntries(en.rows.map((e) => [e.name, e.labels]));
  return { tables, enums };
}
