import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { logSize, readLogTail } from '../local-kafka/local-broker-datadir';
import { javaCommand, requireJava } from '../local-kafka/local-broker-java';
import { freePort, isPortFree } from '../local-kafka/local-broker-ports';
import { spawnWatched, stopWatched, type WatchedProcess } from '../local-kafka/local-broker-watchdog';
import { APICURIO_VERSION, ensureRegistryApp, RUNNER_JAR } from './local-registry-build';
import { RegistryNotReadyError, RegistryPortTakenError } from './local-registry-errors';

const STOP_GRACE_MS = 10_000;
/** The Confluent-compatible API that the decoder talks to. */
export const CCOMPAT_PATH = '/apis/ccompat/v7';

export type LocalRegistryOptions = {
  /** Holds registry.log. Storage is in memory: nothing else is written. */
  dataDir: string;
  /** An explicit port must be free; 0 or unset means any free port. */
  port?: number;
  log?: (line: string) => void;
  heapMb?: number;
  readyTimeoutMs?: number;
};

export type LocalRegistry = {
  /** Base URL of the Confluent-compatible API, e.g. http://127.0.0.1:18080/apis/ccompat/v7 */
  url: string;
  version: string;
  /** The JVM's pid. */
  pid: number;
  /** From the call to the first answer, including any build. */
  startedInMs: number;
  logFile: string;
  /** SIGTERM, up to 10 s for a clean shutdown, then SIGKILL. Safe to call twice. */
  stop(): Promise<void>;
};

const defaultLog = (line: string) => console.log(`[local-registry] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));


/** Ready when the Confluent API lists subjects: storage is up and the routes are served. */
async function waitUntilReady(url: string, proc: WatchedProcess, timeoutMs: number, log: { file: string; from: number }): Promise<void> {
  let exitCode: number | null | undefined;
  void proc.exited.then((code) => (exitCode = code));
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer yet';
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new RegistryNotReadyError(`the JVM exited with code ${exitCode} while starting`, log.file, await readLogTail(log.file, log.from));
    }
    try {
      const res = await fetch(`${url}/subjects`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
      lastError = `HTTP ${res.status}`;
    } catch (err) {
      lastError = (err as Error).message;
    }
    await sleep(250);
  }
  throw new RegistryNotReadyError(
    `no answer from ${url}/subjects within ${Math.round(timeoutMs / 1000)} s (last error: ${lastError})`,
    log.file,
    await readLogTail(log.file, log.from),
  );
}

/**
 * Starts Apicurio Registry (in-memory storage) on 127.0.0.1 from Maven Central artifacts,
 * built once into the cache, and resolves when its Confluent-compatible API answers.
 * Like the local Kafka, the JVM runs under a watchdog so it never outlives this process.
 */
export async function startLocalRegistry(opts: LocalRegistryOptions): Promise<LocalRegistry> {
  const startedAt = Date.now();
  const log = opts.log ?? defaultLog;
  let port = opts.port ?? 0;
  if (port !== 0 && !(await isPortFree(port))) throw new RegistryPortTakenError(port);
  if (port === 0) port = await freePort();
  const java = javaCommand();
  const [{ appDir }] = await Promise.all([ensureRegistryApp(log), requireJava(java)]);
  const dataDir = path.resolve(opts.dataDir);
  await mkdir(dataDir, { recursive: true });
  const logFile = path.join(dataDir, 'registry.log');
  const logFrom = await logSize(logFile);

  const proc = await spawnWatched(
    java,
    [
      `-Xmx${opts.heapMb ?? 256}m`,
      '-XX:+ExitOnOutOfMemoryError',
      // C1 only: starts in about a third of the time, and a local registry serves a trickle.
      '-XX:TieredStopAtLevel=1',
      '-Djava.awt.headless=true',
      '-Dquarkus.http.host=127.0.0.1',
      `-Dquarkus.http.port=${port}`,
      '-jar',
      path.join(appDir, RUNNER_JAR),
    ],
    { logFile, graceMs: STOP_GRACE_MS },
  );

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await stopWatched(proc, STOP_GRACE_MS);
      log(`schema registry stopped (pid ${proc.pid})`);
    })());
  void proc.exited.then((code) => {
    if (!stopping) log(`schema registry (pid ${proc.pid}) exited on its own with code ${code}; see ${logFile}`);
  });

  const url = `http://127.0.0.1:${port}${CCOMPAT_PATH}`;
  try {
    await waitUntilReady(url, proc, opts.readyTimeoutMs ?? 120_000, { file: logFile, from: logFrom });
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, version: APICURIO_VERSION, pid: proc.pid, startedInMs: Date.now() - startedAt, logFile, stop };
}
