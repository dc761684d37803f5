import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { DatabaseConfig } from '../database';
import { createPgExecutor } from '../pg-executor';
import { createPgliteExecutor } from '../pglite-executor';
import type { SqlExecutor } from '../sql-executor';

export type DatabaseKind = 'pglite' | 'postgres';

/**
 * The PostgreSQL server the int tests use for throwaway databases. Defaults to the
 * local trust-auth server; EVENTLINE_TEST_PG=off runs the PGlite half only.
 */
export const adminUrl = process.env.EVENTLINE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const databaseKinds: DatabaseKind[] = process.env.EVENTLINE_TEST_PG === 'off' ? ['pglite'] : ['pglite', 'postgres'];

export interface Scratch {
  /** Config for createDatabase: a fresh database or data folder of its own. */
  config: DatabaseConfig;
  /** Drops the database / removes the folder. Close every handle first. */
  drop(): Promise<void>;
}

// PGlite's initdb takes seconds; copying a freshly initialised, empty folder does not.
// The template is a cache shared by test files and runs, one per PGlite version.
let pgliteTemplate: Promise<string> | undefined;
function emptyPgliteFolder(): Promise<string> {
  pgliteTemplate ??= (async () => {
    const pkg = path.join(path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')), '..', 'package.json');
    const { version } = JSON.parse(await readFile(pkg, 'utf8')) as { version: string };
    const template = path.join(tmpdir(), `eventline-pglite-template-${version}`);
    if (existsSync(path.join(template, 'PG_VERSION'))) return template;
    const build = path.join(await mkdtemp(path.join(tmpdir(), 'eventline-pglite-build-')), 'db');
    await (await PGlite.create({ dataDir: build })).close();
    // Build aside, then rename into place: a concurrent builder's rename loses harmlessly.
    await rename(build, template).catch(() => {});
    await rm(path.dirname(build), { recursive: true, force: true });
    return template;
  })();
  return pgliteTemplate;
}

/** A fresh, empty database of the given kind. */
export async function createScratch(kind: DatabaseKind, label = 'store'): Promise<Scratch> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `eventline-${label}-`));
  const removeDir = () => rm(dataDir, { recursive: true, force: true });
  if (kind === 'pglite') {
    await cp(await emptyPgliteFolder(), path.join(dataDir, 'db'), { recursive: true });
    return { config: { dataDir: path.join(dataDir, 'db') }, drop: removeDir };
  }

  const name = `eventline_test_${label.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (err) {
    await removeDir();
    throw new Error(`The int tests need PostgreSQL at ${adminUrl} (set EVENTLINE_TEST_PG_URL, or EVENTLINE_TEST_PG=off to skip it): ${(err as Error).message}`);
  }
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    config: { url: url.toString(), dataDir },
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
      await removeDir();
    },
  };
}

/** A bare SqlExecutor on a scratch database, for testing the migration runner without createDatabase. */
export async function openScratchExecutor(scratch: Scratch): Promise<{ sql: SqlExecutor; close(): Promise<void> }> {
  if (scratch.config.url) {
    const pool = new pg.Pool({ connectionString: scratch.config.url, max: 4 });
    // An idle connection ended by the server (a restart, or a scratch dropped WITH (FORCE) by a
    // run still closing) would otherwise be an unhandled 'error' event that fails the whole run.
    pool.on('error', () => {});
    return { sql: createPgExecutor(pool), close: () => pool.end() };
  }
  const lite = await PGlite.create({ dataDir: scratch.config.dataDir });
  return { sql: createPgliteExecutor(lite), close: () => lite.close() };
}
