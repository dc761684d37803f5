import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaMajor, loggingConfigFlag, newClusterId, renderLoggingConfig, renderServerProperties } from './local-broker-config';
import { lockDataDir, logSize, readLogTail } from './local-broker-datadir';
import { BrokerNotReadyError } from './local-broker-errors';
import { classArchive } from './local-broker-cds';
import { ensureKafkaJars } from './local-broker-jars';
import { javaCommand, requireJava } from './local-broker-java';
import { choosePorts } from './local-broker-ports';
import { spawnWatched, stopWatched, type WatchedProcess } from './local-broker-watchdog';

export const DEFAULT_KAFKA_VERSION = '3.9.1';
const STOP_GRACE_MS = 10_000;
const RECORDING_GRACE_MS = 30_000;

export type LocalKafkaOptions = {
  /** Apache Kafka version on Maven Central; default $KAFKA_VERSION, else 3.9.1. */
  version?: string;
  /** Holds server.properties, the logging config, broker.log and the data (kraft-logs/). */
  dataDir: string;
  /** Explicit ports must be free; 0 means any free port; unset means 9092/9093 if free. */
  port?: number;
  controllerPort?: number;
  log?: (line: string) => void;
  heapMb?: number;
  readyTimeoutMs?: number;
};

export type LocalKafka = {
  brokers: string[];
  version: string;
  /** The JVM's pid. */
  pid: number;
  /** From the call to a broker that answers describeCluster, including any jar fetch. */
  startedInMs: number;
  logFile: string;
  /** SIGTERM, up to 10 s for a clean shutdown (30 s while the first run of a version writes its
   * class archive, see local-broker-cds.ts), then SIGKILL. Safe to call twice. */
  stop(): Promise<void>;
};

const defaultLog = (line: string) => console.log(`[local-kafka] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));


async function formatStorage(java: string, jvmArgs: string[], propsFile: string, logFile: string): Promise<string> {
  const args = ['-Xmx256m', ...jvmArgs, 'kafka.tools.StorageTool', 'format', '-t', newClusterId(randomBytes), '-c', propsFile, '--ignore-formatted'];
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(java, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.stderr.on('data', (d: Buffer) => (text += d.toString()));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ code: exitCode, output: text }));
  });
  if (code !== 0) {
    throw new BrokerNotReadyError(`formatting the storage failed (exit ${code})`, logFile, output.trim().split('\n').slice(-20));
  }
  return output.trim();
}

async function waitUntilReady(
  brokers: string[],
  proc: WatchedProcess,
  timeoutMs: number,
  log: { file: string; from: number },
): Promise<void> {
  let exitCode: number | null | undefined;
  void proc.exited.then((code) => (exitCode = code));
  const kafka = new Kafka({
    clientId: 'eventline-local-kafka-probe',
    brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    connectionTimeout: 1000,
    requestTimeout: 5000,
  });
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer yet';
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new BrokerNotReadyError(`the JVM exited with code ${exitCode} while starting`, log.file, await readLogTail(log.file, log.from));
    }
    const admin = kafka.admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (cluster.brokers.length > 0) return;
      lastError = 'no broker registered yet';
    } catch (err) {
      lastError = (err as Error).message;
    } finally {
      await admin.disconnect().catch(() => {});
    }
    await sleep(200);
  }
  throw new BrokerNotReadyError(
    `no answer to describeCluster on ${brokers.join(',')} within ${Math.round(timeoutMs / 1000)} s (last error: ${lastError})`,
    log.file,
    await readLogTail(log.file, log.from),
  );
}

type LaunchPlan = {
  opts: LocalKafkaOptions;
  version: string;
  startedAt: number;
  log: (line: string) => void;
  java: string;
  javaVersion: string;
  libsDir: string;
  dataDir: string;
  port: number;
  controllerPort: number;
  brokers: string[];
  unlock: () => Promise<void>;
};

/**
 * Starts a single-node KRaft Apache Kafka on 127.0.0.1 from Kafka's own jars (fetched from
 * Maven Central once per version), and resolves when a client can use it.
 */
export async function startLocalKafka(opts: LocalKafkaOptions): Promise<LocalKafka> {
  const startedAt = Date.now();
  const version = opts.version ?? process.env.KAFKA_VERSION ?? DEFAULT_KAFKA_VERSION;
  const log = opts.log ?? defaultLog;
  const dataDir = path.resolve(opts.dataDir);
  kafkaMajor(version); // a malformed version fails here, before anything slow

  // Cheap checks first, so a taken port fails in milliseconds rather than after a fetch.
  const { port, controllerPort } = await choosePorts(opts, log);
  const java = javaCommand();
  const [{ libsDir }, { version: javaVersion }] = await Promise.all([ensureKafkaJars(version, log), requireJava(java)]);

  const brokers = [`127.0.0.1:${port}`];
  await mkdir(dataDir, { recursive: true });
  const release = await lockDataDir(dataDir, brokers);
  let released = false; // once only: a later holder's lock must survive a late stop()
  const unlock = async () => {
    if (!released) await release();
    released = true;
  };
  try {
    return await launch({ opts, version, startedAt, log, java, javaVersion, libsDir, dataDir, port, controllerPort, brokers, unlock });
  } catch (err) {
    await unlock();
    throw err;
  }
}

async function launch(plan: LaunchPlan): Promise<LocalKafka> {
  const { opts, version, log, java, dataDir, brokers, unlock } = plan;
  const kind = kafkaMajor(version) < 4 ? 'log4j1' : 'log4j2';
  const logDir = path.join(dataDir, 'kraft-logs');
  const logFile = path.join(dataDir, 'broker.log');
  const propsFile = path.join(dataDir, 'server.properties');
  const loggingFile = path.join(dataDir, kind === 'log4j1' ? 'log4j.properties' : 'log4j2.properties');
  await writeFile(propsFile, renderServerProperties({ port: plan.port, controllerPort: plan.controllerPort, logDir }));
  await writeFile(loggingFile, renderLoggingConfig(kind, logFile));

  const jvmArgs = [
    '-Djava.awt.headless=true',
    loggingConfigFlag(kind, loggingFile),
    `-Dkafka.logs.dir=${dataDir}`,
    '-cp',
    path.join(plan.libsDir, '*'), // expanded by the JVM itself, not a shell
  ];
  // An existing meta.properties means formatted: skip a JVM start (~1-2 s) on restarts.
  const formatted = await stat(path.join(logDir, 'meta.properties')).then(
    () => true,
    () => false,
  );
  const archive = await classArchive(plan.libsDir, plan.javaVersion);
  const logFrom = await logSize(logFile);
  if (!formatted) {
    const formatStarted = Date.now();
    const output = await formatStorage(java, [...archive.useFlags, ...jvmArgs], propsFile, logFile);
    log(`${output} (${Date.now() - formatStarted} ms)`);
  }

  // Writing the class archive at exit takes several seconds on a busy 2-core box: allow for it.
  const graceMs = archive.recording ? RECORDING_GRACE_MS : STOP_GRACE_MS;
  const proc = await spawnWatched(
    java,
    [
      `-Xmx${opts.heapMb ?? 512}m`,
      // Kafka's own defaults from kafka-run-class.sh, plus dying on OOM instead of limping.
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      '-XX:InitiatingHeapOccupancyPercent=35',
      '-XX:+ExplicitGCInvokesConcurrent',
      '-XX:+ExitOnOutOfMemoryError',
      ...archive.recordFlags,
      ...jvmArgs,
      'kafka.Kafka',
      propsFile,
    ],
    { logFile, graceMs },
  );
  const archived = proc.exited.then((code) => archive.commit(code));

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await stopWatched(proc, graceMs);
      await archived;
      await unlock();
      log(`Kafka stopped (pid ${proc.pid})`);
    })());
  void proc.exited.then(async (code) => {
    if (stopping) return;
    await unlock();
    log(`Kafka (pid ${proc.pid}) exited on its own with code ${code}; see ${logFile}`);
  });

  try {
    await waitUntilReady(brokers, proc, opts.readyTimeoutMs ?? 90_000, { file: logFile, from: logFrom });
  } catch (err) {
    await stop();
    throw err;
  }
  return { brokers, version, pid: proc.pid, startedInMs: Date.now() - plan.startedAt, logFile, stop };
}
