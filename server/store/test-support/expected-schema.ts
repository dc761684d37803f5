import type { Datamodel, DmmfField, DmmfModel } from './load-datamodel';
import type { ColumnShape, ForeignKeyShape, IndexShape, SchemaShape, TableShape } from './schema-shape';

/**
 * What `prisma migrate` would create in PostgreSQL for a datamodel: Prisma's type
 * mapping, default constraint names and referential actions. Anything the mapping does
 * not know throws, so a new schema feature makes the drift test fail until it is
 * taught here, rather than slipping through unchecked.
 */
export function expectedSchema(dm: Datamodel): SchemaShape {
  const enums = Object.fromEntries(dm.enums.map((e) => [e.dbName ?? e.name, e.values.map((v) => v.dbName ?? v.name)]));
  const enumDbName = (name: string) => dm.enums.find((e) => e.name === name)?.dbName ?? name;
  const enumValue = (name: string, value: string) =>
    dm.enums.find((e) => e.name === name)?.values.find((v) => v.name === value)?.dbName ?? value;
  const model = (name: string) => must(dm.models.find((m) => m.name === name), `model ${name}`);
  const tables: Record<string, TableShape> = {};

  for (const m of dm.models) {
    if (m.schema) throw new Error(`model ${m.name}: multi-schema models are not supported by the drift check`);
    const table = tableName(m);
    const shape: TableShape = { columns: {}, primaryKey: null, indexes: {}, foreignKeys: {}, checks: {} };
    for (const f of m.fields) {
      if (f.kind === 'scalar' || f.kind === 'enum') shape.columns[columnName(f)] = column(table, f, enumDbName, enumValue);
      else if (f.kind === 'unsupported') throw new Error(`${m.name}.${f.name}: Unsupported() fields are not supported by the drift check`);
      else if (f.relationFromFields?.length) {
        const from = f.relationFromFields.map((n) => field(m, n));
        const target = model(f.type);
        const name = constraintName(table, from.map(columnName), '_fkey');
        shape.foreignKeys[name] = foreignKey(f, from, target);
      }
    }
    tables[table] = shape;
  }

  for (const ix of dm.indexes) {
    const m = model(ix.model);
    const table = tableName(m);
    const shape = must(tables[table], `table ${table}`);
    if (ix.type === 'fulltext') throw new Error(`${m.name}: fulltext indexes do not exist on PostgreSQL`);
    if (ix.where) throw new Error(`${m.name}: partial indexes are not supported by the drift check yet`);
    for (const f of ix.fields) {
      if (f.length !== undefined || f.operatorClass !== undefined) throw new Error(`${m.name}: index length/ops are not supported by the drift check yet`);
    }
    const cols = ix.fields.map((f) => columnName(field(m, f.name)));
    if (ix.type === 'id') {
      shape.primaryKey = { name: ix.dbName ?? primaryKeyName(table), columns: cols };
      continue;
    }
    const index: IndexShape = {
      columns: ix.fields.map((f, i) => (f.sortOrder === 'desc' ? `${cols[i]} DESC` : cols[i]!)),
      unique: ix.type === 'unique',
      method: (ix.algorithm ?? 'BTree').toLowerCase(),
      predicate: null,
    };
    shape.indexes[ix.dbName ?? constraintName(table, cols, ix.type === 'unique' ? '_key' : '_idx')] = index;
  }
  return { tables, enums };
}

const tableName = (m: DmmfModel) => m.dbName ?? m.name;
const columnName = (f: DmmfField) => f.dbName ?? f.name;
const field = (m: DmmfModel, name: string) => must(m.fields.find((f) => f.name === name), `${m.name}.${name}`);

function must<T>(v: T | undefined, what: string): T {
  if (v === undefined) throw new Error(`datamodel refers to unknown ${what}`);
  return v;
}

// Prisma's defaults (psl ConstraintNames), cut to PostgreSQL's 63-byte identifiers.
const MAX_IDENT = 63;
function constraintName(table: string, columns: string[], suffix: string): string {
  const base = `${table}_${columns.join('_')}`;
  return base.slice(0, MAX_IDENT - suffix.length) + suffix;
}
function primaryKeyName(table: string): string {
  return table.slice(0, MAX_IDENT - '_pkey'.length) + '_pkey';
}

const referentialActions: Record<string, string> = {
  Cascade: 'CASCADE',
  Restrict: 'RESTRICT',
  NoAction: 'NO ACTION',
  SetNull: 'SET NULL',
  SetDefault: 'SET DEFAULT',
};

function foreignKey(rel: DmmfField, from: DmmfField[], target: DmmfModel): ForeignKeyShape {
  // Prisma's defaults: a required relation restricts deletes, an optional one nulls the
  // reference; updates cascade.
  const onDelete = rel.relationOnDelete ?? (from.every((f) => f.isRequired) ? 'Restrict' : 'SetNull');
  const onUpdate = rel.relationOnUpdate ?? 'Cascade';
  return {
    columns: from.map(columnName),
    refTable: tableName(target),
    refColumns: (rel.relationToFields ?? []).map((n) => columnName(field(target, n))),
    onDelete: must(referentialActions[onDelete], `referential action ${onDelete}`),
    onUpdate: must(referentialActions[onUpdate], `referential action ${onUpdate}`),
  };
}

type EnumNames = { enumDbName: (name: string) => string; enumValue: (name: string, value: string) => string };

function column(table: string, f: DmmfField, enumDbName: EnumNames['enumDbName'], enumValue: EnumNames['enumValue']): ColumnShape {
  const base = f.kind === 'enum' ? enumDbName(f.type) : scalarType(f);
  const type = f.isList ? `${base}[]` : base;
  // Prisma never writes NOT NULL on scalar lists.
  return { type, nullable: f.isList || !f.isRequired, default: columnDefault(table, f, type, enumValue) };
}

function scalarType(f: DmmfField): string {
  const [native, args = []] = f.nativeType ?? [undefined, []];
  const p = args.length ? `(${args.join(',')})` : '';
  const fail = () => new Error(`${f.name}: ${f.type} @db.${native} is not mapped in expected-schema.ts yet`);
  switch (f.type) {
    case 'String':
      if (!native || native === 'Text') return 'text';
      if (native === 'VarChar') return `character varying${p}`;
      if (native === 'Char') return `character${p}`;
      if (['Uuid', 'Xml', 'Inet', 'Citext'].includes(native)) return native.toLowerCase();
      throw fail();
    case 'Boolean':
      return 'boolean';
    case 'Int':
      if (!native || native === 'Integer') return 'integer';
      if (native === 'SmallInt') return 'smallint';
      throw fail();
    case 'BigInt':
      return 'bigint';
    case 'Float':
      if (!native || native === 'DoublePrecision') return 'double precision';
      if (native === 'Real') return 'real';
      throw fail();
    case 'Decimal':
      if (!native) return 'numeric(65,30)';
      if (native === 'Decimal') return `numeric${p}`;
      throw fail();
    case 'DateTime':
      if (!native) return 'timestamp(3) without time zone';
      if (native === 'Timestamp') return `timestamp${p} without time zone`;
      if (native === 'Timestamptz') return `timestamp${p} with time zone`;
      if (native === 'Date') return 'date';
      if (native === 'Time') return `time${p} without time zone`;
      if (native === 'Timetz') return `time${p} with time zone`;
      throw fail();
    case 'Json':
      if (!native || native === 'JsonB') return 'jsonb';
      if (native === 'Json') return 'json';
      throw fail();
    case 'Bytes':
      return 'bytea';
    default:
      throw fail();
  }
}

/** The default as PostgreSQL prints it back (pg_get_expr), for the defaults Prisma writes. */
function columnDefault(table: string, f: DmmfField, type: string, enumValue: EnumNames['enumValue']): string | null {
  const d = f.default;
  if (d === undefined) return null;
  if (typeof d === 'object' && d !== null && !Array.isArray(d)) {
    switch (d.name) {
      case 'now':
        return 'CURRENT_TIMESTAMP';
      case 'autoincrement':
        // SERIAL/BIGSERIAL: the sequence is named <table>_<column>_seq.
        return `nextval('${table}_${columnName(f)}_seq'::regclass)`;
      case 'uuid':
      case 'cuid':
      case 'nanoid':
      case 'ulid':
        return null; // generated by Prisma Client, not by the database
      case 'dbgenerated':
        return String(d.args[0]);
      default:
        throw new Error(`${f.name}: @default(${d.name}()) is not mapped in expected-schema.ts yet`);
    }
  }
  if (Array.isArray(d)) {
    if (d.length === 0) return `ARRAY[]::${type}`;
    throw new Error(`${f.name}: non-empty list defaults are not mapped in expected-schema.ts yet`);
  }
  const literal = (v: string) => `'${v.replace(/'/g, "''")}'::${type}`;
  if (f.kind === 'enum') return literal(enumValue(f.type, String(d)));
  switch (f.type) {
    case 'String':
    case 'Json':
      return literal(String(d));
    case 'Boolean':
      return String(d);
    case 'Int':
    case 'BigInt':
    case 'Float':
    case 'Decimal':
      return Number(d) < 0 ? literal(String(d)) : String(d);
    default:
      throw new Error(`${f.name}: a literal ${f.type} default is not mapped in expected-schema.ts yet`);
  }
}
