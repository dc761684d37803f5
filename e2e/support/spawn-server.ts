import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * An Eventline server of the test's own, for tests that stop and start the server (the
 * one playwright.config.ts starts lives for the whole run). It uses the run's broker, so
 * it sees the demo shop's groups without a second Kafka, and keeps its data folder over
 * restarts, as a real deployment does.
 */
export function ownServer(opts: { port: number; brokers: string[]; adminPassword: string; env?: Record<string, string> }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'eventline-e2e-own-'));
  let child: ChildProcess | null = null;
  const url = `http://127.0.0.1:${opts.port}`;
  let log = '';

  return {
    url,
    log: () => log,
    /** Starts (again, on the same data folder), with `extra` settings over the others. */
    async start(extra: Record<string, string> = {}) {
      child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        env: {
          ...process.env,
          NODE_ENV: 'production',
          NEXT_TELEMETRY_DISABLED: '1',
          PORT: String(opts.port),
          KAFKA_BROKERS: opts.brokers.join(','),
          EVENTLINE_DATA_DIR: dataDir,
          EVENTLINE_ADMIN_PASSWORD: opts.adminPassword,
          EVENTLINE_COLLECTOR: 'off',
          LOG_LEVEL: 'warn',
          ...opts.env,
          ...extra,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-20_000)));
      child.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-20_000)));
      const deadline = Date.now() + 90_000;
      while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${log}`);
        const ok = await fetch(`${url}/api/health`).then((r) => r.status === 200, () => false);
        if (ok) return;
        await new Promise((r) => setTimeout(r, 500));
      }
      throw new Error(`the server did not answer on ${url} within 90 s:\n${log}`);
    },
    /** SIGTERM and wait for the process to end, as a deploy or a crash-free restart would. */
    async stop() {
      const c = child;
      child = null;
      if (!c || c.exitCode !== null) return;
      const ended = new Promise((r) => c.once('exit', r));
      c.kill('SIGTERM');
      await Promise.race([ended, new Promise((r) => setTimeout(r, 30_000))]);
      if (c.exitCode === null) c.kill('SIGKILL');
    },
    async dispose() {
      await this.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in through the API: the cookie and CSRF token a browser would hold. */
export async function apiSession(baseUrl: string, username: string, password: string) {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const write = (path: string, body: unknown) =>
    fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken }, body: JSON.stringify(body) });
  return { cookie, write };
}
