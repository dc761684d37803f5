export { createDatabase, type Database, type DatabaseConfig } from './database';
export { applyMigrations, type MigrationReport, type MigrateOptions } from './migrate';
export type { QueryResult, SqlExecutor } from './sql-executor';
export { DatabaseUnavailableError, MigrationChecksumMismatchError, MigrationFailedError } from './store-errors';
export type { PrismaClient } from './generated/client';
