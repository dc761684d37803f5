import { open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DataDirInUseError } from './local-broker-errors';
import { isAlive } from './local-broker-watchdog';

type LockHolder = { pid?: number; brokers?: string[] };

/**
 * One broker per data folder: two would overwrite each other's server.properties and race
 * on formatting. A lock left by a dead process is taken over. Returns the release function.
 */
export async function lockDataDir(dataDir: string, brokers: string[]): Promise<() => Promise<void>> {
  const file = path.join(dataDir, 'eventline.lock');
  for (;;) {
    try {
      await writeFile(file, JSON.stringify({ pid: process.pid, brokers }), { flag: 'wx' });
      return () => rm(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = await readFile(file, 'utf8')
      .then((text) => JSON.parse(text) as LockHolder)
      .catch((): LockHolder => ({}));
    if (holder.pid && isAlive(holder.pid)) throw new DataDirInUseError(dataDir, holder.pid, holder.brokers ?? []);
    await rm(file, { force: true });
  }
}

/**
 * The last lines the broker wrote since `fromOffset` (broker.log is appended to across
 * runs), quoted in errors so the cause shows without opening the file. The config dump
 * Kafka logs at start (tab-indented `key = value` lines) is left out: it is never the cause.
 */
export async function readLogTail(logFile: string, fromOffset = 0, lines = 15): Promise<string[]> {
  try {
    const file = await open(logFile, 'r');
    try {
      const { size } = await file.stat();
      const start = Math.max(fromOffset <= size ? fromOffset : 0, size - 64 * 1024);
      const { buffer, bytesRead } = await file.read(Buffer.alloc(size - start), 0, size - start, start);
      return buffer
        .subarray(0, bytesRead)
        .toString('utf8')
        .split('\n')
        .filter((line) => line.trim() && !/^\t[\w.-]+ = /.test(line))
        .slice(-lines);
    } finally {
      await file.close();
    }
  } catch {
    return [];
  }
}

/** Where this run's lines start in the log, for readLogTail. */
export async function logSize(logFile: string): Promise<number> {
  return stat(logFile).then(
    (s) => s.size,
    () => 0,
  );
}
