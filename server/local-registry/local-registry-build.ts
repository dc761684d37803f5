import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventlineCacheDir, mavenErrorDetail } from '../local-kafka/local-broker-jars';
import { RegistryBuildError, RegistryMavenMissingError } from './local-registry-errors';

/** The Apicurio Registry release registry/pom.xml builds (why not 3.3.x: see the pom). */
export const APICURIO_VERSION = '2.4.2.Final';
/** Bump when registry/pom.xml or its Java source changes, so caches of the old build are not reused. */
const BUILD_REVISION = '1';
const POM = fileURLToPath(new URL('../../registry/pom.xml', import.meta.url));
export const RUNNER_JAR = 'eventline-local-registry-1-runner.jar';

export function registryAppDir(env: Partial<Record<string, string>> = process.env): string {
  return path.join(eventlineCacheDir(env), 'apicurio', `${APICURIO_VERSION}-r${BUILD_REVISION}`, 'app');
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

async function runMaven(buildDir: string, cacheDir: string): Promise<void> {
  const args = ['-B', '-ntp', '-U', '-Dstyle.color=never', '-f', POM, 'package', '-DskipTests', `-Dregistry.buildDir=${buildDir}`];
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(process.env.EVENTLINE_MVN || 'mvn', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.stderr.on('data', (d: Buffer) => (text += d.toString()));
    child.on('error', (err) => reject(new RegistryMavenMissingError(cacheDir, err)));
    child.on('close', (exitCode) => resolve({ code: exitCode, output: text }));
  });
  if (code !== 0) throw new RegistryBuildError(APICURIO_VERSION, mavenErrorDetail(output, 300));
}

/**
 * Returns the folder holding the runnable registry (runner jar + lib/), building it with
 * Maven and Quarkus the first time (a minute or two, and the dependencies once into ~/.m2).
 * The build lands in a temp folder renamed into place only when complete, so an
 * interrupted build never leaves a half app that looks whole.
 */
export async function ensureRegistryApp(
  log: (line: string) => void = () => {},
  env: Partial<Record<string, string>> = process.env,
): Promise<{ appDir: string; builtInMs?: number }> {
  const appDir = registryAppDir(env);
  if (await exists(path.join(appDir, RUNNER_JAR))) return { appDir };
  const started = Date.now();
  const parent = path.dirname(appDir);
  await mkdir(parent, { recursive: true });
  for (const name of await readdir(parent)) {
    // Left by a killed build; an hour is far longer than any real one.
    if (!name.startsWith('app.tmp-')) continue;
    const { mtimeMs } = await stat(path.join(parent, name)).catch(() => ({ mtimeMs: Date.now() }));
    if (Date.now() - mtimeMs > 3_600_000) await rm(path.join(parent, name), { recursive: true, force: true });
  }
  const tmp = await mkdtemp(path.join(parent, 'app.tmp-'));
  try {
    log(`building Apicurio Registry ${APICURIO_VERSION} from Maven Central into ${appDir} (once)`);
    await runMaven(tmp, eventlineCacheDir(env));
    if (!(await exists(path.join(tmp, RUNNER_JAR)))) throw new RegistryBuildError(APICURIO_VERSION, `${RUNNER_JAR} missing after the build`);
    await rename(tmp, appDir).catch(async (err: NodeJS.ErrnoException) => {
      // Another process finished the same build first: its copy is as good as ours.
      if (!(await exists(path.join(appDir, RUNNER_JAR)))) throw err;
      await rm(tmp, { recursive: true, force: true });
    });
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
  const builtInMs = Date.now() - started;
  log(`built the local schema registry in ${builtInMs} ms`);
  return { appDir, builtInMs };
}
