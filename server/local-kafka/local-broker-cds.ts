import { randomBytes } from 'node:crypto';
import { readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isAlive } from './local-broker-watchdog';

/**
 * Class Data Sharing for the broker's JVM. Loading Kafka's classes is most of its start;
 * a dynamic CDS archive (Java 13+) maps them pre-parsed instead, which cut the broker's
 * start-up CPU time by about 40 % on a 2-core box (≈9-10 s → ≈5.5 s of CPU).
 * The first broker of a version records the archive when it exits (to a temp file, renamed
 * into place only after a clean exit); later JVMs with the same jars and JDK use it. A
 * missing, stale or foreign archive is ignored by the JVM, so this can only save time.
 */
export async function classArchive(
  libsDir: string,
  javaVersion: string,
): Promise<{ useFlags: string[]; recordFlags: string[]; recording: boolean; commit(exitCode: number | null): Promise<void> }> {
  const dir = path.dirname(libsDir);
  const archive = path.join(dir, `classes-java-${javaVersion.replace(/[^\w.-]/g, '_')}.jsa`);
  const quiet = ['-Xlog:cds=off', '-Xlog:cds+dynamic=off']; // dump warnings are noise in broker.log
  const exists = await stat(archive).then(
    (s) => s.size > 0,
    () => false,
  );
  if (exists) {
    const useFlags = [`-XX:SharedArchiveFile=${archive}`, ...quiet];
    return { useFlags, recordFlags: useFlags, recording: false, commit: async () => {} };
  }
  if (!(await claimRecording(`${archive}.recording`))) {
    return { useFlags: [], recordFlags: [], recording: false, commit: async () => {} };
  }
  await removeStaleArchives(dir);
  const temp = `${archive}.${randomBytes(4).toString('hex')}.tmp`;
  return {
    useFlags: [],
    recording: true,
    recordFlags: [`-XX:ArchiveClassesAtExit=${temp}`, ...quiet],
    async commit(exitCode) {
      const size = await stat(temp).then(
        (s) => s.size,
        () => 0,
      );
      // 137 = SIGKILL: the dump may have been cut short.
      if (size > 0 && exitCode !== 137) await rename(temp, archive).catch(() => {});
      await rm(temp, { force: true });
      await rm(`${archive}.recording`, { force: true });
    },
  };
}

/**
 * One recorder at a time (e.g. the test broker and a test's own broker start together):
 * a second dump would only cost seconds at exit for the same result. The claim of a
 * process that died is taken over.
 */
async function claimRecording(claim: string): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(claim, String(process.pid), { flag: 'wx' });
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return false;
    }
    const holder = Number(await readFile(claim, 'utf8').catch(() => '0'));
    if (holder && isAlive(holder)) return false;
    await rm(claim, { force: true });
  }
  return false;
}

/** Temp archives of JVMs whose parent died before renaming them. */
async function removeStaleArchives(dir: string): Promise<void> {
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!name.endsWith('.jsa.tmp') && !/\.jsa\.\w+\.tmp$/.test(name)) continue;
    const file = path.join(dir, name);
    const { mtimeMs } = await stat(file).catch(() => ({ mtimeMs: Date.now() }));
    if (Date.now() - mtimeMs > 3_600_000) await rm(file, { force: true });
  }
}
