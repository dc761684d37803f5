import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config';
import { createLogger } from '../log/logger';
import { startEventline, type StartOptions } from '../app-server';

export const TEST_ADMIN_PASSWORD = 'admin-password-for-tests';

/**
 * An Eventline server for integration tests: API and sockets on a free port, against
 * the test broker and a fresh PGlite folder (or DATABASE_URL when given). Pages are
 * off unless asked for: Next.js is exercised by the e2e suite. So is the collector.
 */
export async function startTestServer(opts: {
  brokers: string[];
  env?: Record<string, string>;
  pages?: boolean;
  /** Off by default: a collector would read every test's topics on the shared broker. */
  collector?: StartOptions['collector'];
}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'eventline-it-'));
  const config = loadConfig(
    {
      PORT: '0',
      EVENTLINE_DATA_DIR: dataDir,
      KAFKA_BROKERS: opts.brokers.join(','),
      EVENTLINE_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
      EVENTLINE_CLUSTER_POLL_MS: '500',
      LOG_LEVEL: 'warn',
      ...opts.env,
    },
    dataDir,
  );
  const server = await startEventline({ config, log: createLogger({ level: 'warn' }), pages: opts.pages ?? false, collector: opts.collector ?? false });
  return {
    ...server,
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in through the API and returns what a browser would hold: the cookie and CSRF token. */
export async function signIn(baseUrl: string, username: string, password: string) {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in as ${username} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, csrfToken };
}
