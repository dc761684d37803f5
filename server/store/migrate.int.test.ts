import { readdirSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applyMigrations } from './migrate';
import { checksumOf } from './migration-files';
import type { SqlExecutor } from './sql-executor';
import { MigrationChecksumMismatchError, MigrationFailedError } from './store-errors';
import { introspectSchema } from './test-support/introspect-schema';
import { createScratch, databaseKinds, openScratchExecutor, type Scratch } from './test-support/scratch-databases';

const repoMigrations = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));
const INIT = '20261129000000_init';
/** Every migration in the repository, in order (other issues add theirs). */
const REPO = readdirSync(repoMigrations, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

/** A copy of prisma/migrations the test may add to and tamper with. */
async function migrationsCopy(extra: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'eventline-migrations-'));
  await cp(repoMigrations, dir, { recursive: true });
  for (const [name, sql] of Object.entries(extra)) await addMigration(dir, name, sql);
  return dir;
}

async function addMigration(dir: string, name: string, sql: string): Promise<void> {
  await mkdir(path.join(dir, name), { recursive: true });
  await writeFile(path.join(dir, name, 'migration.sql'), sql);
}

async function history(sql: SqlExecutor) {
  const { rows } = await sql.query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number; logs: string | null; rolled_back_at: Date | null; id: string }>(
    'SELECT * FROM _prisma_migrations ORDER BY started_at, migration_name',
  );
  return rows;
}

async function tableExists(sql: SqlExecutor, name: string): Promise<boolean> {
  const { rows } = await sql.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [name]);
  return rows[0]?.t !== null;
}

describe.each(databaseKinds)('applyMigrations on %s', (kind) => {
  let scratch: Scratch;
  let db: { sql: SqlExecutor; close(): Promise<void> };
  const dirs: string[] = [];
  const copy = async (extra?: Record<string, string>) => {
    const d = await migrationsCopy(extra);
    dirs.push(d);
    return d;
  };

  beforeEach(async () => {
    scratch = await createScratch(kind, 'migrate');
    db = await openScratchExecutor(scratch);
  });
  afterEach(async () => {
    await db.close();
    await scratch.drop();
  });
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('applies the init migration once and records it the way prisma migrate does', async () => {
    const first = await applyMigrations(db.sql, repoMigrations);
    expect(first).toEqual({ applied: REPO, alreadyApplied: [], notOnDisk: [] });

    const rows = await history(db.sql);
    expect(rows).toHaveLength(REPO.length);
    const sqlText = await readFile(path.join(repoMigrations, INIT, 'migration.sql'), 'utf8');
    expect(rows[0]).toMatchObject({ migration_name: INIT, checksum: checksumOf(sqlText), applied_steps_count: 1, logs: null, rolled_back_at: null });
    expect(rows[0]!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(rows[0]!.finished_at).toBeInstanceOf(Date);

    const second = await applyMigrations(db.sql, repoMigrations);
    expect(second).toEqual({ applied: [], alreadyApplied: REPO, notOnDisk: [] });
    expect(await history(db.sql)).toHaveLength(REPO.length);
  });

  it('creates _prisma_migrations with exactly Prisma\'s columns', async () => {
    await applyMigrations(db.sql, repoMigrations);
    const { rows } = await db.sql.query<{ t: string }>(
      `SELECT 1 AS t FROM pg_class WHERE relname = '_prisma_migrations'`,
    );
    expect(rows).toHaveLength(1);
    const cols = await db.sql.query<{ name: string; type: string; nullable: boolean; dflt: string | null }>(
      `SELECT a.attname::text AS name, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable,
              pg_get_expr(d.adbin, d.adrelid) AS dflt
         FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attrelid = '_prisma_migrations'::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
    );
    expect(cols.rows).toEqual([
      { name: 'id', type: 'character varying(36)', nullable: false, dflt: null },
      { name: 'checksum', type: 'character varying(64)', nullable: false, dflt: null },
      { name: 'finished_at', type: 'timestamp with time zone', nullable: true, dflt: null },
      { name: 'migration_name', type: 'character varying(255)', nullable: false, dflt: null },
      { name: 'logs', type: 'text', nullable: true, dflt: null },
      { name: 'rolled_back_at', type: 'timestamp with time zone', nullable: true, dflt: null },
      { name: 'started_at', type: 'timestamp with time zone', nullable: false, dflt: 'now()' },
      { name: 'applied_steps_count', type: 'integer', nullable: false, dflt: '0' },
    ]);
    const pk = await db.sql.query<{ def: string }>(
      `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = '_prisma_migrations'::regclass AND contype = 'p'`,
    );
    expect(pk.rows).toEqual([{ def: 'PRIMARY KEY (id)' }]);
  });

  it('applies only the pending folders, in name order', async () => {
    const dir = await copy();
    await applyMigrations(db.sql, dir);
    await addMigration(dir, '20990102000000_b', 'CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a(id));');
    await addMigration(dir, '20990101000000_a', 'CREATE TABLE a (id int PRIMARY KEY);');
    await mkdir(path.join(dir, 'not_a_migration')); // no migration.sql: ignored, as Prisma does
    const report = await applyMigrations(db.sql, dir);
    expect(report.applied).toEqual(['20990101000000_a', '20990102000000_b']);
    expect((await history(db.sql)).map((r) => r.migration_name)).toEqual([...REPO, '20990101000000_a', '20990102000000_b']);
  });

  it('refuses to run when an applied migration was edited, and applies nothing new', async () => {
    const dir = await copy();
    await applyMigrations(db.sql, dir);
    const file = path.join(dir, INIT, 'migration.sql');
    await writeFile(file, (await readFile(file, 'utf8')) + '\n-- an innocent-looking edit\n');
    await addMigration(dir, '20990101000000_next', 'CREATE TABLE next_thing (id int);');

    const err = await applyMigrations(db.sql, dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationChecksumMismatchError);
    expect(err).toMatchObject({ code: 'MIGRATION_CHECKSUM_MISMATCH', migration: INIT });
    expect((err as Error).message).toContain(INIT);
    expect(await tableExists(db.sql, 'next_thing')).toBe(false);
  });

  it('accepts a migration whose line endings git converted, as Prisma does', async () => {
    const dir = await copy();
    await applyMigrations(db.sql, dir);
    const file = path.join(dir, INIT, 'migration.sql');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/\n/g, '\r\n'));
    expect((await applyMigrations(db.sql, dir)).alreadyApplied).toEqual(REPO);
  });

  it('rolls a failing migration back whole and records nothing', async () => {
    const dir = await copy({ '20990101000000_broken': 'CREATE TABLE half_done (id int);\nSELECT * FROM no_such_table;' });
    const err = await applyMigrations(db.sql, dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationFailedError);
    expect((err as MigrationFailedError).migration).toBe('20990101000000_broken');
    expect((err as Error).message).toContain('no_such_table');
    expect(await tableExists(db.sql, 'half_done')).toBe(false);
    expect((await history(db.sql)).map((r) => r.migration_name)).toEqual(REPO);
  });

  it('stops at a migration that prisma recorded as failed, and ignores rolled-back records', async () => {
    const dir = await copy({ '20990101000000_x': 'CREATE TABLE x (id int);' });
    await applyMigrations(db.sql, repoMigrations);
    const insert = `INSERT INTO _prisma_migrations (id, checksum, migration_name, rolled_back_at) VALUES ($1, 'x', '20990101000000_x', $2)`;

    await db.sql.query(insert, ['00000000-0000-0000-0000-000000000001', new Date()]);
    expect((await applyMigrations(db.sql, dir)).applied).toEqual(['20990101000000_x']);

    await db.sql.exec(`DROP TABLE x; DELETE FROM _prisma_migrations WHERE migration_name = '20990101000000_x'`);
    await db.sql.query(insert, ['00000000-0000-0000-0000-000000000002', null]);
    const err = await applyMigrations(db.sql, dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationFailedError);
    expect((err as Error).message).toMatch(/started but never finished/);
  });

  it('lets several processes start at once: each migration is applied exactly once', async () => {
    const extra: Record<string, string> = {};
    for (let i = 1; i <= 5; i++) extra[`2099010100000${i}_t${i}`] = `CREATE TABLE t${i} (id int PRIMARY KEY); SELECT pg_sleep(0.05);`;
    const dir = await copy(extra);
    // On PostgreSQL each runner has its own pool, i.e. its own sessions, like separate
    // processes. PGlite admits one process, so there the runners share the instance.
    const others = await Promise.all([1, 2, 3].map(() => openScratchExecutor(scratch).catch(() => db)));
    const runners = kind === 'postgres' ? [db, ...others] : [db, db, db, db];
    try {
      const reports = await Promise.all(runners.map((r) => applyMigrations(r.sql, dir)));
      const applied = reports.flatMap((r) => r.applied).sort();
      expect(applied).toEqual([...REPO, ...Object.keys(extra)].sort());
      for (const r of reports) expect([...r.applied, ...r.alreadyApplied].sort()).toEqual(applied);
      expect(await history(db.sql)).toHaveLength(REPO.length + 5);
    } finally {
      for (const o of others) if (o !== db) await o.close();
    }
  });
});
