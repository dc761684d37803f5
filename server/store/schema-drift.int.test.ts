import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from './database';
import type { SqlExecutor } from './sql-executor';
import { diffSchemas } from './test-support/diff-schemas';
import { expectedSchema } from './test-support/expected-schema';
import { introspectSchema } from './test-support/introspect-schema';
import { loadDatamodel } from './test-support/load-datamodel';
import { createScratch, databaseKinds, type Scratch } from './test-support/scratch-databases';
import type { SchemaShape } from './test-support/schema-shape';

const fixture = (name: string) => fileURLToPath(new URL(`./test-support/fixtures/${name}`, import.meta.url));

// The expected side is read from the .prisma files by Prisma's own parser, once.
let expected: SchemaShape;
let wideExpected: SchemaShape;
beforeAll(async () => {
  [expected, wideExpected] = (await Promise.all([loadDatamodel(), loadDatamodel(fixture('wide.prisma'))])).map(expectedSchema) as [SchemaShape, SchemaShape];
});

class Rollback extends Error {}

/** Applies `ddl` in a transaction, compares `namespace` with `want`, and rolls everything back. */
async function driftAfter(sql: SqlExecutor, ddl: string, want = expected, namespace = 'public'): Promise<string[]> {
  let drift: string[] = [];
  await sql
    .transaction(async (tx) => {
      await tx.exec(ddl);
      drift = diffSchemas(want, await introspectSchema(tx, namespace));
      throw new Rollback();
    })
    .catch((err: unknown) => {
      if (!(err instanceof Rollback)) throw err;
    });
  return drift;
}

describe('the expected schema', () => {
  it('comes from schema.prisma, with Prisma\'s names and types', () => {
    // Spot checks that the parse is real; the full comparison is below.
    expect(Object.keys(expected.tables).sort()).toEqual(expect.arrayContaining(['audit_entries', 'sessions', 'settings', 'users']));
    expect(expected.enums).toEqual({ Role: ['viewer', 'operator', 'admin'] });
    expect(expected.tables.users!.indexes).toEqual({ users_username_key: { columns: ['username'], unique: true, method: 'btree', predicate: null } });
    expect(expected.tables.audit_entries!.indexes.audit_entries_at_idx!.columns).toEqual(['at DESC']);
    expect(expected.tables.sessions!.foreignKeys.sessions_user_id_fkey).toEqual({
      columns: ['user_id'], refTable: 'users', refColumns: ['id'], onDelete: 'CASCADE', onUpdate: 'CASCADE',
    });
  });
});

describe.each(databaseKinds)('schema drift on %s', (kind) => {
  let scratch: Scratch;
  let db: Database;

  beforeAll(async () => {
    scratch = await createScratch(kind, 'drift');
    db = await createDatabase(scratch.config);
  });
  afterAll(async () => {
    await db?.close();
    await scratch?.drop();
  });

  it('the migrated database is exactly what schema.prisma declares', async () => {
    expect(diffSchemas(expected, await introspectSchema(db.sql))).toEqual([]);
  });

  // Each alteration must be reported, and be the only thing reported.
  const cases: [what: string, ddl: string, report: RegExp][] = [
    ['a column type', 'ALTER TABLE audit_entries ALTER COLUMN actor TYPE varchar(20)', /^column audit_entries\.actor: type is "character varying\(20\)"/],
    ['a timestamp precision', 'ALTER TABLE sessions ALTER COLUMN expires_at TYPE timestamptz(6)', /^column sessions\.expires_at: type/],
    ['nullability', 'ALTER TABLE sessions ALTER COLUMN ip SET NOT NULL', /^column sessions\.ip: nullable is false/],
    ['a default', 'ALTER TABLE settings ALTER COLUMN updated_at DROP DEFAULT', /^column settings\.updated_at: default is null/],
    ['an enum default', `ALTER TABLE users ALTER COLUMN role SET DEFAULT 'admin'`, /^column users\.role: default is "'admin'::Role"/],
    ['an extra column', 'ALTER TABLE users ADD COLUMN nickname text', /^column users\.nickname: in the database but not in schema\.prisma/],
    ['a missing column', 'ALTER TABLE audit_entries DROP COLUMN target', /^column audit_entries\.target: missing from the database/],
    ['an index sort order', 'DROP INDEX audit_entries_at_idx; CREATE INDEX audit_entries_at_idx ON audit_entries (at)', /^index on audit_entries audit_entries_at_idx: database has/],
    ['index uniqueness', 'DROP INDEX users_username_key; CREATE INDEX users_username_key ON users (username)', /^index on users users_username_key: database has/],
    ['index columns', 'DROP INDEX audit_entries_actor_at_idx; CREATE INDEX audit_entries_actor_at_idx ON audit_entries (at, actor)', /^index on audit_entries audit_entries_actor_at_idx/],
    ['a missing index', 'DROP INDEX sessions_expires_at_idx', /^index on sessions sessions_expires_at_idx: missing/],
    ['a foreign key action', 'ALTER TABLE sessions DROP CONSTRAINT sessions_user_id_fkey; ALTER TABLE sessions ADD CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE RESTRICT ON UPDATE CASCADE', /^foreign key on sessions sessions_user_id_fkey: database has .*RESTRICT/],
    ['a primary key', 'ALTER TABLE settings DROP CONSTRAINT settings_pkey; ALTER TABLE settings ADD CONSTRAINT settings_pkey PRIMARY KEY (key, updated_at)', /^primary key of settings/],
    ['an enum value', `ALTER TYPE "Role" ADD VALUE 'owner'`, /^enum Role: database has \["viewer","operator","admin","owner"\]/],
    ['an extra table', 'CREATE TABLE stray (id int)', /^table stray: in the database but not in schema\.prisma/],
    ['a check constraint', 'ALTER TABLE audit_entries ADD CONSTRAINT actor_not_empty CHECK (actor <> \'\')', /^constraint on audit_entries actor_not_empty: in the database/],
  ];

  it.each(cases)('reports a changed %s', async (_what, ddl, report) => {
    const drift = await driftAfter(db.sql, ddl);
    expect(drift).toHaveLength(1);
    expect(drift[0]).toMatch(report);
  });

  it('maps the rest of the Prisma vocabulary as migrate does (fixtures/wide.prisma vs wide.sql)', async () => {
    expect(Object.keys(wideExpected.tables).sort()).toEqual(['wide_links', 'wide_things']);
    const ddl = `CREATE SCHEMA wide_fixture; SET LOCAL search_path TO wide_fixture;\n${await readFile(fixture('wide.sql'), 'utf8')}`;
    expect(await driftAfter(db.sql, ddl, wideExpected, 'wide_fixture')).toEqual([]);
  });

  it('is clean again after the rolled-back alterations', async () => {
    expect(diffSchemas(expected, await introspectSchema(db.sql))).toEqual([]);
  });
});
