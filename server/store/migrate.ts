/**
 * Applies prisma/migrations/* to the database, recording each in `_prisma_migrations`
 * exactly as `prisma migrate deploy` would, so that either tool can take over later.
 * We run our own because Prisma 7's migrate needs a native schema engine that cannot
 * always be downloaded, and because the embedded PGlite database has no URL for it.
 *
 * To change the schema:
 *   1. Edit prisma/schema.prisma and regenerate the client (`prisma generate`).
 *   2. Add a folder prisma/migrations/<UTC yyyymmddhhmmss>_<what>/migration.sql holding
 *      the SQL Prisma would write (where its schema engine can be downloaded,
 *      `prisma migrate diff … --script` writes it), with Prisma's names: <table>_pkey,
 *      <table>_<cols>_key, <table>_<cols>_idx, <table>_<cols>_fkey.
 *   3. Run server/store/schema-drift.int.test.ts: it fails, naming every difference,
 *      until the migrated database matches schema.prisma.
 * Never edit a migration that has been applied anywhere (the checksum check refuses
 * to start); add another one. A migration runs inside one transaction, so it must not
 * contain BEGIN/COMMIT or statements that refuse transactions (CREATE INDEX CONCURRENTLY).
 */
import { randomUUID } from 'node:crypto';
import { checksumMatches, readMigrationFiles } from './migration-files';
import type { SqlExecutor } from './sql-executor';
import { MigrationChecksumMismatchError, MigrationFailedError } from './store-errors';

/** The key `prisma migrate` locks, so our runner and Prisma's exclude each other too. */
const PRISMA_MIGRATE_LOCK = 72707369;

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrationReport {
  /** Applied by this call, in order. */
  applied: string[];
  /** Found already applied. */
  alreadyApplied: string[];
  /** Recorded in the database but absent on disk (a newer version ran here before). */
  notOnDisk: string[];
}

export interface MigrateOptions {
  /** How long to wait for another process that is migrating the same database. */
  lockTimeoutMs?: number;
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

/**
 * Applies every pending migration folder under `dir`, each in its own transaction.
 * Safe when several processes start at once: each transaction takes Prisma's
 * advisory lock and re-reads the history before deciding, so one process applies and
 * the others find the migration done.
 */
export async function applyMigrations(db: SqlExecutor, dir = 'prisma/migrations', opts: MigrateOptions = {}): Promise<MigrationReport> {
  const files = await readMigrationFiles(dir);
  const lockTimeout = `${opts.lockTimeoutMs ?? 120_000}ms`;
  const locked = <T>(fn: (tx: SqlExecutor) => Promise<T>) =>
    db.transaction(async (tx) => {
      await tx.query(`SELECT set_config('lock_timeout', $1, true)`, [lockTimeout]);
      try {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [PRISMA_MIGRATE_LOCK]);
      } catch (err) {
        if ((err as { code?: string }).code === '55P03') {
          throw new MigrationFailedError('(all)', `another process held the migration lock for more than ${lockTimeout}`, err);
        }
        throw err;
      }
      // The timeout was for the wait above; the migration's own DDL may wait for its locks.
      await tx.query(`SELECT set_config('lock_timeout', '0', true)`);
      return fn(tx);
    });

  // Check the whole recorded history before applying anything new.
  const history = await locked(async (tx) => {
    await tx.exec(CREATE_MIGRATIONS_TABLE);
    const rows = await readHistory(tx);
    for (const file of files) {
      const row = rows.get(file.name);
      if (row) checkRecorded(file.name, file.sql, file.checksum, row);
    }
    return rows;
  });

  const report: MigrationReport = {
    applied: [],
    alreadyApplied: files.filter((f) => history.has(f.name)).map((f) => f.name),
    notOnDisk: [...history.keys()].filter((name) => !files.some((f) => f.name === name)),
  };

  for (const file of files.filter((f) => !history.has(f.name))) {
    const appliedNow = await locked(async (tx) => {
      const row = (await readHistory(tx)).get(file.name);
      if (row) {
        checkRecorded(file.name, file.sql, file.checksum, row);
        return false; // another process got here first
      }
      const id = randomUUID();
      await tx.query('INSERT INTO _prisma_migrations (id, checksum, migration_name) VALUES ($1, $2, $3)', [id, file.checksum, file.name]);
      try {
        await tx.exec(file.sql);
      } catch (err) {
        throw new MigrationFailedError(file.name, (err as Error).message, err);
      }
      await tx.query('UPDATE _prisma_migrations SET finished_at = now(), applied_steps_count = 1 WHERE id = $1', [id]);
      return true;
    });
    (appliedNow ? report.applied : report.alreadyApplied).push(file.name);
  }
  return report;
}

async function readHistory(tx: SqlExecutor): Promise<Map<string, AppliedRow>> {
  // Rows marked rolled back (`prisma migrate resolve --rolled-back`) are ignored, as Prisma does.
  const { rows } = await tx.query<AppliedRow>(
    'SELECT migration_name, checksum, finished_at FROM _prisma_migrations WHERE rolled_back_at IS NULL ORDER BY started_at',
  );
  return new Map(rows.map((r) => [r.migration_name, r]));
}

function checkRecorded(name: string, sql: string, checksum: string, row: AppliedRow): void {
  if (row.finished_at === null) {
    throw new MigrationFailedError(
      name,
      'it is recorded in _prisma_migrations as started but never finished (a failed `prisma migrate deploy`?). ' +
        `Repair the database, then run \`prisma migrate resolve --rolled-back ${name}\` or delete that row.`,
    );
  }
  if (!checksumMatches(sql, row.checksum)) throw new MigrationChecksumMismatchError(name, row.checksum, checksum);
}
