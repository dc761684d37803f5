import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3107);
export const E2E_ADMIN_PASSWORD = 'e2e-admin-password';

/**
 * Browser tests run Eventline as a user would — `npm start`'s server with no
 * KAFKA_BROKERS, so it starts its own local Kafka and embedded database — in a data
 * folder of their own, and drive Debian's Chromium (Playwright cannot download
 * browsers here).
 */
export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: '.eventline/test-results/playwright.json' }]],
  outputDir: '.eventline/test-results/playwright',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: 'rm -rf .eventline/e2e && NODE_ENV=production tsx server/main.ts',
    // A page, not /api/health: Next loads lazily on its first page request, which on a busy
    // machine took longer than the first test's 10 s wait for the page after signing in.
    url: `http://127.0.0.1:${port}/login`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    env: {
      PORT: String(port),
      EVENTLINE_DATA_DIR: '.eventline/e2e',
      EVENTLINE_ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
      KAFKA_LOCAL_PORT: process.env.E2E_KAFKA_PORT ?? '19192',
      EVENTLINE_CLUSTER_POLL_MS: '1000',
      EVENTLINE_LAG_POLL_MS: '1000',
      NEXT_TELEMETRY_DISABLED: '1',
    },
  },
});
