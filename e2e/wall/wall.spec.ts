import { expect, test } from '@playwright/test';
import { E2E_ADMIN_PASSWORD } from '../../playwright.config';
import { groupId } from '../../demo/lib/names';
import { DISPLAY_REVOKED_TEXT } from '../../lib/wall-types';
import { WallPage } from '../pages/wall-page';
import { kafkaOfServer } from '../support/kafka-from-health';
import { apiSession, ownServer } from '../support/spawn-server';

// Each test opens the wall with the token, as a new screen would (every test has a fresh browser).
// This spec stops and starts a server, so it runs one of its own (on the run's broker),
// next to the one playwright.config.ts started, which runs the demo shop.
const OWN_PORT = Number(process.env.E2E_PORT ?? 3107) + 20;
const LAG_POLL_MS = 1000;
const PAUSED = 'payment-service';
const RED = /^(STOP|STALL|ERR)$/;

test.describe.configure({ mode: 'serial' });

let server: ReturnType<typeof ownServer>;
let token: string;
let displayId: string;
let admin: Awaited<ReturnType<typeof apiSession>>;

test.beforeAll(async ({ request }) => {
  test.setTimeout(120_000);
  const main = await apiSession(test.info().project.use.baseURL!, 'admin', E2E_ADMIN_PASSWORD);
  const health = (await (await request.get('/api/health', { headers: { cookie: main.cookie } })).json()) as { kafka: { brokers: string[] } };
  server = ownServer({
    port: OWN_PORT,
    brokers: health.kafka.brokers,
    adminPassword: E2E_ADMIN_PASSWORD,
    env: { EVENTLINE_CLUSTER_POLL_MS: '1000', EVENTLINE_LAG_POLL_MS: String(LAG_POLL_MS), EVENTLINE_LAG_WINDOW: '4' },
  });
  await server.start();
  admin = await apiSession(server.url, 'admin', E2E_ADMIN_PASSWORD);
  const res = await admin.write('/api/displays', { name: 'E2E team room', boards: ['health', 'groups', 'dlq', 'lag'] });
  expect(res.status).toBe(201);
  ({ token, display: { id: displayId } } = (await res.json()) as { token: string; display: { id: string } });
});

test.afterAll(async () => {
  const main = await apiSession(test.info().project.use.baseURL!, 'admin', E2E_ADMIN_PASSWORD);
  await main.write('/api/demo/knobs', { action: 'resume', service: PAUSED });
  await server?.dispose();
});

test('a display token opens the wall, leaves no token in the address, and shows the boards at 1080p and 4K', async ({ page }) => {
  const wall = new WallPage(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await wall.openWithToken(server.url, token, 'boards=health&rotate=0');
  expect(page.url()).toBe(`${server.url}/wall?boards=health&rotate=0`);
  await expect(wall.board('health')).toBeVisible();
  await expect(page.getByTestId('wall-kafka')).toContainText('UP');
  await expect(page.getByTestId('wall-in-rate')).not.toContainText('—', { timeout: 15_000 });
  await expect(wall.main()).toHaveAttribute('data-stale', 'false');
  await expect(wall.staleBanner()).toHaveCount(0);
  await page.waitForTimeout(500); // the boards fade back in over 0.4 s
  await page.screenshot({ path: 'screenshots/wall-health-1080p.png' });

  // The display may open the wall and nothing else; its API calls outside the wall are refused.
  await page.goto(`${server.url}/topics`);
  await expect(page).toHaveURL(`${server.url}/wall`);
  expect((await page.request.get(`${server.url}/api/cluster`)).status()).toBe(403);

  await page.setViewportSize({ width: 3840, height: 2160 });
  await page.goto(`${server.url}/wall?boards=groups`);
  await expect(wall.group(groupId('', 'order-service'))).toBeVisible({ timeout: 20_000 });
  await expect(wall.main()).toHaveAttribute('data-stale', 'false');
  await page.screenshot({ path: 'screenshots/wall-groups-4k.png' });
});

test('pausing a demo service turns its group red on the wall', async ({ page }) => {
  const wall = new WallPage(page);
  await wall.openWithToken(server.url, token, 'boards=groups');
  const group = wall.group(groupId('', PAUSED));
  await expect(group).toHaveAttribute('data-status', 'OK', { timeout: 30_000 });
  const main = await apiSession(test.info().project.use.baseURL!, 'admin', E2E_ADMIN_PASSWORD);
  expect((await main.write('/api/demo/knobs', { action: 'pause', service: PAUSED })).status).toBe(200);

  // The lag monitor needs its window of samples to call a group stopped; the wall must
  // show that verdict within two lag cycles of it being reached.
  await expect(group).toHaveAttribute('data-status', RED, { timeout: 30_000 });
  const shownAt = Date.now();
  const decidedAt = Number(await group.getAttribute('data-since'));
  expect(shownAt - decidedAt).toBeLessThanOrEqual(2 * LAG_POLL_MS + 500);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: 'screenshots/wall-groups-red-1080p.png' });
  expect((await main.write('/api/demo/knobs', { action: 'resume', service: PAUSED })).status).toBe(200);
});

test('stopping the server shows the stale banner; starting it again recovers with nobody touching the screen', async ({ page }) => {
  test.setTimeout(180_000);
  const wall = new WallPage(page);
  await wall.openWithToken(server.url, token, 'boards=health,groups&rotate=0');
  await expect(wall.board('health')).toBeVisible();
  await expect(wall.staleBanner()).toHaveCount(0);
  const loads: string[] = [];
  page.on('load', () => loads.push(page.url()));

  await server.stop();
  await expect(wall.staleBanner()).toBeVisible({ timeout: 10_000 });
  await expect(wall.staleBanner()).toContainText(/Stale since \d\d:\d\d:\d\d/);
  await expect(wall.main()).toHaveAttribute('data-stale', 'true');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: 'screenshots/wall-stale-1080p.png' });

  await server.start();
  // Backoff tops out at 30 s: the wall finds the server again by itself.
  await expect(wall.staleBanner()).toHaveCount(0, { timeout: 60_000 });
  await expect(wall.main()).toHaveAttribute('data-stale', 'false');
  await expect(page.getByTestId('wall-kafka')).toContainText('UP');
  // Same build: no reload was needed, and the display session outlived the restart.
  expect(loads).toEqual([]);
});

test('a wall reloads itself when the server comes back with another build', async ({ page }) => {
  test.setTimeout(180_000);
  const wall = new WallPage(page);
  await wall.openWithToken(server.url, token, 'boards=health&rotate=0');
  await expect(wall.board('health')).toBeVisible();
  const reloaded = page.waitForEvent('load', { timeout: 90_000 });
  await server.stop();
  await expect(wall.staleBanner()).toBeVisible({ timeout: 10_000 });
  await server.start({ EVENTLINE_BUILD_ID: 'e2e-next-release' });
  await reloaded;
  await expect(wall.board('health')).toBeVisible();
  await expect(wall.staleBanner()).toHaveCount(0, { timeout: 15_000 });
});

test('revoking the token blanks the screen with the message within 5 s', async ({ page }) => {
  const wall = new WallPage(page);
  await wall.openWithToken(server.url, token, 'boards=health');
  await expect(wall.board('health')).toBeVisible();
  const admin2 = await apiSession(server.url, 'admin', E2E_ADMIN_PASSWORD);
  const started = Date.now();
  expect((await admin2.write(`/api/displays/${displayId}/revoke`, {})).status).toBe(200);
  await expect(wall.revoked()).toContainText(DISPLAY_REVOKED_TEXT, { timeout: 5_000 });
  expect(Date.now() - started).toBeLessThan(5_000);
  await expect(wall.board('health')).toHaveCount(0);
  await page.screenshot({ path: 'screenshots/wall-revoked.png' });
  await page.reload();
  await expect(page).toHaveURL(/\/login/);
});
