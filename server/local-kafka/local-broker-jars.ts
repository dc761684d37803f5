import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { kafkaMajor, loggingBackendFor, type LoggingBackend } from './local-broker-config';
import {
  KafkaJarFetchError,
  KafkaVersionNotFoundError,
  MavenCentralUnreachableError,
  MavenMissingError,
} from './local-broker-errors';

// Pinned so every machine copies the same way, whatever Maven's default plugin version.
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies';
const POM = fileURLToPath(new URL('../../kafka/pom.xml', import.meta.url));

/** Outside git, shared by every checkout on the machine: `$EVENTLINE_CACHE_DIR` or ~/.cache/eventline. */
export function eventlineCacheDir(env: Partial<Record<string, string>> = process.env): string {
  return env.EVENTLINE_CACHE_DIR || path.join(os.homedir(), '.cache', 'eventline');
}

export function kafkaLibsDir(version: string, env: Partial<Record<string, string>> = process.env): string {
  return path.join(eventlineCacheDir(env), 'kafka', version, 'libs');
}

/** Maven's first real [ERROR] line, the root cause kept when it is longer than `maxChars`. */
export function mavenErrorDetail(output: string, maxChars: number): string {
  const first =
    output
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.startsWith('[ERROR]') && l.length > '[ERROR] '.length)
      ?.replace(/^\[ERROR\]\s*/, '')
      .replace(/\s*-> \[Help \d+\]$/, '') ?? (output.trim().split('\n').pop() || 'no output');
  // Maven chains causes with ': ', the root cause last: keep the tail.
  return first.length > maxChars ? `…${first.slice(-maxChars)}` : first;
}

/** Turns Maven's output into the error a user can act on. */
export function classifyMavenFailure(output: string, version: string): Error {
  const detail = mavenErrorDetail(output, 240);
  if (/Could not find artifact org\.apache\.kafka:kafka_2\.13:|org\.apache\.kafka:kafka_2\.13:\w+:\S+ was not found in/.test(output)) {
    return new KafkaVersionNotFoundError(version);
  }
  if (
    /Could not transfer|transfer failed|Unknown ?host|Connection refused|Network is unreachable|No route to host|timed out|offline mode|PKIX path/i.test(
      output,
    )
  ) {
    return new MavenCentralUnreachableError(version, detail);
  }
  return new KafkaJarFetchError(version, detail);
}

async function runMaven(version: string, backend: LoggingBackend, outDir: string, cacheDir: string): Promise<void> {
  const args = [
    '-B',
    '-ntp',
    '-U', // retry what Maven remembers as missing/unreachable: the network may be back
    '-Dstyle.color=never',
    '-f',
    POM,
    `-Dkafka.version=${version}`,
    `-Dkafka.logging.groupId=${backend.groupId}`,
    `-Dkafka.logging.artifactId=${backend.artifactId}`,
    `-Dkafka.logging.version=${backend.version}`,
    DEPENDENCY_PLUGIN,
    `-DoutputDirectory=${outDir}`,
    '-DincludeScope=runtime',
  ];
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(process.env.EVENTLINE_MVN || 'mvn', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.stderr.on('data', (d: Buffer) => (text += d.toString()));
    child.on('error', (err) => reject(new MavenMissingError(cacheDir, err)));
    child.on('close', (exitCode) => resolve({ code: exitCode, output: text }));
  });
  if (code !== 0) throw classifyMavenFailure(output, version);
}

/** Temp dirs left by a killed fetch; an hour is far longer than any real fetch. */
async function removeStaleTemps(versionDir: string): Promise<void> {
  for (const name of await readdir(versionDir)) {
    if (!name.startsWith('libs.tmp-')) continue;
    const dir = path.join(versionDir, name);
    const { mtimeMs } = await stat(dir).catch(() => ({ mtimeMs: Date.now() }));
    if (Date.now() - mtimeMs > 3_600_000) await rm(dir, { recursive: true, force: true });
  }
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

/**
 * Returns the folder holding Kafka `version`'s runtime jars, fetching them with Maven the
 * first time. The jars land in a temp folder that is renamed into place only when
 * complete, so an interrupted fetch never leaves a half cache that looks whole.
 */
export async function ensureKafkaJars(
  version: string,
  log: (line: string) => void = () => {},
  env: Partial<Record<string, string>> = process.env,
): Promise<{ libsDir: string; fetchedInMs?: number }> {
  const libsDir = kafkaLibsDir(version, env);
  if (await exists(libsDir)) return { libsDir };
  kafkaMajor(version); // reject a malformed version before running Maven
  const started = Date.now();
  const versionDir = path.dirname(libsDir);
  await mkdir(versionDir, { recursive: true });
  await removeStaleTemps(versionDir);
  const tmp = await mkdtemp(path.join(versionDir, 'libs.tmp-'));
  try {
    log(`fetching Kafka ${version} jars from Maven Central into ${libsDir} (once per version)`);
    await runMaven(version, loggingBackendFor(version), tmp, eventlineCacheDir(env));
    const jars = await readdir(tmp);
    if (!jars.includes(`kafka_2.13-${version}.jar`)) throw new KafkaJarFetchError(version, `kafka_2.13-${version}.jar missing after copy`);
    // A later Kafka may resolve slf4j-api 2, whose binding differs: refetch with the right one.
    const backend = loggingBackendFor(version, jars.some((j) => /^slf4j-api-2\./.test(j)) ? 2 : 1);
    if (backend.kind === 'log4j2' && !jars.some((j) => j.startsWith(`${backend.artifactId}-`))) {
      await rm(tmp, { recursive: true, force: true });
      await mkdir(tmp);
      await runMaven(version, backend, tmp, eventlineCacheDir(env));
    }
    await rename(tmp, libsDir).catch(async (err: NodeJS.ErrnoException) => {
      // Another process finished the same fetch first: its copy is as good as ours.
      if (!(await exists(libsDir))) throw err;
      await rm(tmp, { recursive: true, force: true });
    });
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    await rmdir(versionDir).catch(() => {}); // only if empty: no folder for a version that never came
    throw err;
  }
  const fetchedInMs = Date.now() - started;
  log(`fetched Kafka ${version} jars in ${fetchedInMs} ms`);
  return { libsDir, fetchedInMs };
}
