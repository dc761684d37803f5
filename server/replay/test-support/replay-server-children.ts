// Eventline servers as child processes (replay-server-child.ts) for the tests that kill,
// stop or share a database between them: the real startEventline wiring, signals and all.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { createLogger } from '../../log/logger';
import { createDatabase, type Database } from '../../store';
import { createScratch, type Scratch } from '../../store/test-support/scratch-databases';

const root = fileURLToPath(new URL('../../../', import.meta.url));

export function createServerChildren(brokers: string[]) {
  const children = new Set<ChildProcess>();

  /** Starts a server; with REPLAY_REQUEST in `env` it starts that job and `jobId` resolves to its id. */
  function start(env: Record<string, string>): { child: ChildProcess; jobId: Promise<string> } {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/replay/test-support/replay-server-child.ts'], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'warn', PORT: '0', KAFKA_BROKERS: brokers.join(','), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr!.on('data', (d) => (err += String(d)));
    children.add(child);
    child.once('exit', () => children.delete(child));
    const jobId = new Promise<string>((ok, fail) => {
      let out = '';
      child.stdout!.on('data', (d) => {
        out += String(d);
        const m = /job ([0-9a-f-]{36})/.exec(out);
        if (m) ok(m[1]!);
      });
      child.once('exit', (code) => fail(new Error(`server child exited (${code}) before starting the job: ${err.slice(-2000)}`)));
    });
    jobId.catch(() => undefined);
    return { child, jobId };
  }

  /** Sends a signal that ends the child and waits for it to exit. */
  async function kill(child: ChildProcess, signal: NodeJS.Signals) {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGCONT'); // a stopped child would never act on the signal
    child.kill(signal);
    await exited;
  }

  return {
    start,
    kill,
    /** Ends every child still running (afterEach). */
    killAll: () => Promise.all([...children].map((c) => kill(c, 'SIGKILL'))),
  };
}

/**
 * A PostgreSQL scratch database the server children share (PGlite is one process's), opened
 * for the test file: `serverEnv()` points children at it, `jobRow(id)` reads a job as stored.
 */
export function sharedJobsDatabase(name: string) {
  let scratch: Scratch;
  let db: Database;
  beforeAll(async () => {
    scratch = await createScratch('postgres', name);
    db = await createDatabase({ ...scratch.config, logger: createLogger({ level: 'error' }) });
  });
  afterAll(async () => {
    await db?.close();
    await scratch?.drop();
  });
  return {
    serverEnv: (): Record<string, string> => ({ DATABASE_URL: scratch.config.url!, EVENTLINE_DATA_DIR: scratch.config.dataDir }),
    jobRow: async (id: string) => (await db.prisma.replayJob.findUnique({ where: { id } }))!,
  };
}
