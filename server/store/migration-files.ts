import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export interface MigrationFile {
  /** Folder name, e.g. `20261129000000_init`; also `_prisma_migrations.migration_name`. */
  name: string;
  sql: string;
  /** sha256 hex of migration.sql, as `prisma migrate` records it. */
  checksum: string;
}

export function checksumOf(script: string): string {
  return createHash('sha256').update(script, 'utf8').digest('hex');
}

/**
 * Prisma also accepts a script whose line endings git converted (CRLF ↔ LF), so a
 * checkout on Windows does not look like an edited migration. We do the same.
 */
export function checksumMatches(script: string, recorded: string): boolean {
  const variants = [script, script.replace(/\r\n/g, '\n'), script.replace(/\r?\n/g, '\r\n')];
  return variants.some((v) => checksumOf(v) === recorded);
}

/** Every `<dir>/<name>/migration.sql`, in name order (the order Prisma applies them). */
export async function readMigrationFiles(dir: string): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const out: MigrationFile[] = [];
  for (const name of names) {
    let sql: string;
    try {
      sql = await readFile(path.join(dir, name, 'migration.sql'), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue; // not a migration folder
      throw err;
    }
    out.push({ name, sql, checksum: checksumOf(sql) });
  }
  return out;
}
