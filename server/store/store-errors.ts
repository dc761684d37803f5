import { EventlineError } from '../../lib/eventline-error';

/** The database cannot be reached or opened. `where` is host:port or a data folder, never a password. */
export class DatabaseUnavailableError extends EventlineError {
  constructor(readonly where: string, reason: string, opts: { retriable?: boolean; cause?: unknown } = {}) {
    super(`The database at ${where} is unavailable: ${reason}. Check DATABASE_URL (or the data folder) and that the server is running.`, {
      code: 'DATABASE_UNAVAILABLE',
      retriable: opts.retriable ?? true,
      httpStatus: 503,
      cause: opts.cause,
    });
  }
}

/** An applied migration's migration.sql was edited afterwards; the database no longer matches the history. */
export class MigrationChecksumMismatchError extends EventlineError {
  constructor(readonly migration: string, readonly expected: string, readonly actual: string) {
    super(
      `Migration ${migration} was changed after it was applied (checksum ${expected.slice(0, 12)}… in the database, ${actual.slice(0, 12)}… on disk). ` +
        'Never edit an applied migration: restore the file and add a new migration folder instead.',
      { code: 'MIGRATION_CHECKSUM_MISMATCH' },
    );
  }
}

/** A migration failed, now or in an earlier run recorded in _prisma_migrations. */
export class MigrationFailedError extends EventlineError {
  constructor(readonly migration: string, reason: string, cause?: unknown) {
    super(`Migration ${migration} failed: ${reason}`, { code: 'MIGRATION_FAILED', cause });
  }
}
