import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { redactUrl, urlHostPort } from '../../lib/redact-url';
import { lockDataDir } from './data-dir-lock';
import { PrismaClient } from './generated/client';
import { applyMigrations, type MigrationReport } from './migrate';
import { installPgBindWriter } from './pg-bind-writer';
import { createPgExecutor } from './pg-executor';
import { createPgliteExecutor } from './pglite-executor';
import { openPgliteThread, type PgliteThread } from './pglite-thread';
import type { SqlExecutor } from './sql-executor';
import { DatabaseUnavailableError } from './store-errors';

export interface DatabaseConfig {
  /** postgres:// URL; without it, an embedded PGlite database lives in `dataDir`. */
  url?: string;
  dataDir: string;
  /** Defaults to the repository's prisma/migrations, wherever the process was started. */
  migrationsDir?: string;
  connectTimeoutMs?: number;
  /** Pool size on PostgreSQL (shared by Prisma and raw SQL). */
  maxConnections?: number;
  logger?: { warn(msg: string, fields?: Record<string, unknown>): void };
  /**
   * PGlite in a worker thread (the default), so PostgreSQL's work runs beside the app's
   * on another core; false keeps it on the calling thread (benchmarks compare the two).
   */
  pgliteThread?: boolean;
}

/**
 * On PGlite everything runs on one connection, queued: an open transaction (Prisma's
 * or `sql.transaction`) holds it until it ends. Inside a transaction use only its `tx`;
 * touching `prisma` or `sql` from inside waits for the transaction to end, which on
 * Prisma means until its timeout (5 s) expires and rolls the work back.
 */
export interface Database {
  kind: 'postgres' | 'pglite';
  /** Where it lives, safe to log: `host:port/db` with the password redacted, or the data folder. */
  location: string;
  prisma: PrismaClient;
  /** Raw parameterised SQL on the same connections as `prisma`. */
  sql: SqlExecutor;
  migrations: MigrationReport;
  /** Resolves when the database answers; DatabaseUnavailableError otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

const defaultMigrationsDir = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));

/** Opens the database (PostgreSQL when `url` is set, else PGlite) and applies pending migrations. */
export async function createDatabase(cfg: DatabaseConfig): Promise<Database> {
  return cfg.url ? openPostgres(cfg.url, cfg) : openPglite(cfg);
}

async function openPostgres(url: string, cfg: DatabaseConfig): Promise<Database> {
  try {
    new URL(url);
  } catch {
    // Not passed as a cause: Node's "Invalid URL" error carries the input, password and all.
    throw new DatabaseUnavailableError('<unparseable url>', 'DATABASE_URL is not a valid postgres:// URL', { retriable: false });
  }
  const where = urlHostPort(url);
  installPgBindWriter();
  const pool = new pg.Pool({
    connectionString: url,
    connectionTimeoutMillis: cfg.connectTimeoutMs ?? 10_000,
    max: cfg.maxConnections ?? 10,
  });
  // Without a listener, an idle client's error (server restart) would crash the process.
  pool.on('error', (err) => cfg.logger?.warn('idle database connection failed', { where, error: scrub(err.message) }));
  const sql = createPgExecutor(pool);
  const ping = async () => {
    try {
      await sql.query('SELECT 1');
    } catch (err) {
      throw unavailable(where, err);
    }
  };
  try {
    await ping();
    const migrations = await applyMigrations(sql, cfg.migrationsDir ?? defaultMigrationsDir);
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    const location = redactUrl(url);
    return {
      kind: 'postgres',
      location,
      prisma,
      sql,
      migrations,
      ping,
      async close() {
        await prisma.$disconnect();
        await pool.end();
      },
    };
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }
}

async function openPglite(cfg: DatabaseConfig): Promise<Database> {
  const { dataDir } = cfg;
  try {
    await mkdir(dataDir, { recursive: true });
  } catch (err) {
    throw new DatabaseUnavailableError(dataDir, `cannot create the data folder (${(err as Error).message})`, { retriable: false, cause: err });
  }
  const unlock = await lockDataDir(dataDir);
  let lite: PGlite | PgliteThread | undefined;
  try {
    try {
      lite = cfg.pgliteThread === false ? await PGlite.create({ dataDir }) : await openPgliteThread(dataDir);
    } catch (err) {
      throw new DatabaseUnavailableError(dataDir, `PGlite could not open it (${(err as Error).message})`, { retriable: false, cause: err });
    }
    const db = lite;
    const sql = createPgliteExecutor(db);
    const migrations = await applyMigrations(sql, cfg.migrationsDir ?? defaultMigrationsDir);
    // Prisma and `sql` share the single PGlite connection; PGlite queues their calls.
    // The thread offers what the adapter calls (query, exec, transaction).
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(db as PGlite) });
    return {
      kind: 'pglite',
      location: dataDir,
      prisma,
      sql,
      migrations,
      async ping() {
        if (db.closed) throw new DatabaseUnavailableError(dataDir, 'the database has been closed', { retriable: false });
        await sql.query('SELECT 1');
      },
      async close() {
        await prisma.$disconnect();
        if (!db.closed) await db.close();
        await unlock();
      },
    };
  } catch (err) {
    if (lite && !lite.closed) await lite.close().catch(() => {});
    await unlock();
    throw err;
  }
}

const reasons: Record<string, [reason: string, retriable: boolean]> = {
  ECONNREFUSED: ['connection refused', true],
  ENOTFOUND: ['host not found', true],
  EAI_AGAIN: ['host name lookup failed', true],
  ETIMEDOUT: ['connection timed out', true],
  EHOSTUNREACH: ['host unreachable', true],
  ENETUNREACH: ['network unreachable', true],
  ECONNRESET: ['connection reset', true],
  '28P01': ['password authentication failed', false],
  '28000': ['the server rejected the login', false],
  '3D000': ['the database does not exist', false],
  '57P03': ['the server is starting up', true],
  '53300': ['too many connections', true],
};

function unavailable(where: string, err: unknown): DatabaseUnavailableError {
  const e = err as { code?: string; message?: string; errors?: { code?: string }[] };
  const code = e.code ?? e.errors?.[0]?.code;
  const known = code ? reasons[code] : undefined;
  if (known) return new DatabaseUnavailableError(where, known[0], { retriable: known[1], cause: err });
  const message = scrub(e.message ?? String(err));
  const reason = /timeout/i.test(message) ? 'connection timed out' : message;
  return new DatabaseUnavailableError(where, reason, { cause: err });
}

/** Driver messages can quote a connection string; keep credentials out of ours. */
function scrub(message: string): string {
  return message.replace(/(\/\/[^:/@\s]*:)[^@\s]*@/g, '$1***@');
}
