import { spawn } from 'node:child_process';
import path from 'node:path';
import { JavaMissingError, JavaTooOldError } from './local-broker-errors';

export const MIN_JAVA_MAJOR = 17;

/** `$JAVA_HOME/bin/java` when JAVA_HOME is set (what Kafka's own scripts do), else `java` on PATH. */
export function javaCommand(env: Partial<Record<string, string>> = process.env): string {
  return env.JAVA_HOME ? path.join(env.JAVA_HOME, 'bin', 'java') : 'java';
}

/**
 * Reads the version from `java -version` output, e.g. `openjdk version "17.0.15" 2025-04-15`,
 * `java version "1.8.0_381"` (old scheme: major is the second number) or `"21-ea"`.
 */
export function parseJavaVersion(output: string): { version: string; major: number } | undefined {
  const match = /version "([^"]+)"/.exec(output);
  if (!match?.[1]) return undefined;
  const version = match[1];
  const parts = version.split(/[._+-]/).map((p) => Number.parseInt(p, 10));
  const major = parts[0] === 1 ? parts[1] : parts[0];
  return major === undefined || Number.isNaN(major) ? undefined : { version, major };
}

/** Fails with a typed error unless a Java 17+ runtime answers; returns its version. */
export async function requireJava(java = javaCommand()): Promise<{ version: string; major: number }> {
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(java, ['-version'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.stderr.on('data', (d: Buffer) => (text += d.toString()));
    child.on('error', (err) => reject(new JavaMissingError(java, err)));
    child.on('close', () => resolve(text));
  });
  const parsed = parseJavaVersion(output);
  if (!parsed) throw new JavaMissingError(java, new Error(`unexpected "java -version" output: ${output.trim()}`));
  if (parsed.major < MIN_JAVA_MAJOR) throw new JavaTooOldError(parsed.version, parsed.major);
  return parsed;
}
