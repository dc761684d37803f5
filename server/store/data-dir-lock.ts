import { open, readFile, rm } from 'node:fs/promises';
import { DatabaseUnavailableError } from './store-errors';

// Lock files this process holds. A lock file naming our own pid that is *not* here
// was left by an earlier incarnation with the same pid (pid 1 in a container).
const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite is one in-process PostgreSQL with no guard against a second process opening
 * the same folder, and two writers corrupt it. `<dataDir>.lock` (a sibling, so the
 * PostgreSQL data folder stays untouched) holds the owner's pid; a stale one is taken
 * over. Returns the release function.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lockPath = `${dataDir.replace(/[\\/]+$/, '')}.lock`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await open(lockPath, 'wx');
      await fh.writeFile(String(process.pid));
      await fh.close();
      held.add(lockPath);
      return async () => {
        held.delete(lockPath);
        await rm(lockPath, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = Number.parseInt(await readFile(lockPath, 'utf8').catch(() => ''), 10);
    const ownedByLiveProcess = owner > 0 && (owner === process.pid ? held.has(lockPath) : alive(owner));
    if (ownedByLiveProcess) {
      throw new DatabaseUnavailableError(
        dataDir,
        `the embedded database folder is in use by process ${owner}; PGlite allows one process per folder, so set DATABASE_URL to share a PostgreSQL database between processes`,
        { retriable: false },
      );
    }
    await rm(lockPath, { force: true }); // stale: its owner is gone
  }
  throw new DatabaseUnavailableError(dataDir, `could not take the lock file ${lockPath}`);
}
