import { expect, test } from '@playwright/test';
import { E2E_ADMIN_PASSWORD } from '../../playwright.config';
import { WallPage } from '../pages/wall-page';
import { apiSession } from '../support/spawn-server';

// The flows board on the demo shop that playwright.config.ts's server runs: a display allowed
// only this board, as a team room's TV would be given. The demo needs time to fill the map.
test.describe.configure({ mode: 'serial', timeout: 150_000 });

let token: string;

test.beforeAll(async () => {
  const admin = await apiSession(test.info().project.use.baseURL!, 'admin', E2E_ADMIN_PASSWORD);
  const res = await admin.write('/api/displays', { name: `E2E flows ${Date.now()}`, boards: ['flows'] });
  expect(res.status).toBe(201);
  ({ token } = (await res.json()) as { token: string });
});

const svc = (s: string) => `service:${s}`;
const topic = (t: string) => `topic:${t}`;

test('the flows board draws order-service → orders → payment-service with rates, live, at 1080p and 4K', async ({ page, baseURL }) => {
  const wall = new WallPage(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await wall.openWithToken(baseURL!, token, 'boards=flows');
  await expect(page.getByTestId('wall')).toHaveAttribute('data-board', 'flows');
  const board = wall.board('flows');

  const chain = [`produce:${svc('order-service')}>${topic('orders')}`, `consume:${topic('orders')}>${svc('payment-service')}`];
  for (const id of chain) await expect(wall.flowEdge(id)).toHaveCount(1, { timeout: 90_000 });
  for (const id of [svc('order-service'), topic('orders'), svc('payment-service')]) await expect(wall.flowNode(id)).toBeVisible();
  // Rates on the edges, in the map's reading order: the producer left of its topic, the topic left of its reader.
  await expect(wall.flowEdge(chain[0]!)).toContainText('/s');
  const x = async (id: string) => (await wall.flowNode(id).boundingBox())!.x;
  expect(await x(svc('order-service'))).toBeLessThan(await x(topic('orders')));
  expect(await x(topic('orders'))).toBeLessThan(await x(svc('payment-service')));
  // Internal topics and Eventline's own groups stay off the wall.
  await expect(page.locator('[data-testid="wall-flow-node"][data-role="internal"]')).toHaveCount(0);
  await expect(wall.flowNode('group:eventline-collector')).toHaveCount(0);
  // Readable from across the room: a name is drawn at least 20 px high on a 1080p screen
  // (its font size in the map's units, times the zoom the fit chose: drawn width over the box's 300).
  const node = wall.flowNode(svc('payment-service'));
  const fontPx = await node.evaluate((el) => {
    const label = el.lastElementChild!.previousElementSibling as HTMLElement;
    return (parseFloat(getComputedStyle(label).fontSize) * el.getBoundingClientRect().width) / 300;
  });
  expect(fontPx).toBeGreaterThanOrEqual(20);

  // Live: the map is pushed again (its window moves on) with nobody touching the screen.
  const first = Number(await board.getAttribute('data-to'));
  await expect.poll(async () => Number(await board.getAttribute('data-to')), { timeout: 15_000 }).toBeGreaterThan(first);
  await expect(wall.main()).toHaveAttribute('data-stale', 'false');
  await page.waitForTimeout(600); // the boards fade in over 0.4 s
  await page.screenshot({ path: 'screenshots/wall-flows-1080p.png' });

  // A 4K screen draws the same map twice as large, up to the board's zoom limit (2.5 × the
  // 120-unit box). Compared with the 1080p drawing of the same shape: how many nodes the
  // other specs left in the 5-minute window sets the fit, so no absolute size holds in a
  // full run, and a node coming or going between the two measures starts the pair again.
  const height = async () => (await node.boundingBox())?.height ?? 0;
  // The fit runs 30 ms after a resize and the drawing follows: settled when two reads agree.
  const settledHeight = async () => {
    let last = -1;
    await expect.poll(async () => last === (last = await height()), { intervals: [250], timeout: 5_000 }).toBe(true);
    return last;
  };
  await expect(async () => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.waitForTimeout(100);
    const shape = await board.getAttribute('data-shape');
    const at1080p = await settledHeight();
    await page.setViewportSize({ width: 3840, height: 2160 });
    await expect.poll(height, { timeout: 5_000 }).toBeGreaterThan(Math.min(1.8 * at1080p, 0.95 * 2.5 * 120));
    expect(await board.getAttribute('data-shape')).toBe(shape);
  }).toPass({ timeout: 40_000 });
  await page.waitForTimeout(600);
  await page.screenshot({ path: 'screenshots/wall-flows-4k.png' });
});

test('the demo’s dead letters show as a red edge into payments.DLQ', async ({ page, baseURL }) => {
  const wall = new WallPage(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await wall.openWithToken(baseURL!, token, 'boards=flows');
  // Poison orders fail their retries and end in the dead-letter topic: a fifth of them for a
  // while, so the 5-minute window has dead letters whatever ran before (the demo's own rate is 1 %).
  const admin = await apiSession(baseURL!, 'admin', E2E_ADMIN_PASSWORD);
  const poison = async (fraction: number) => expect((await admin.write('/api/demo/knobs', { action: 'setPoisonRate', fraction })).status).toBe(200);
  await poison(0.2);
  test.info().annotations.push({ type: 'poison', description: '20 % until the edge is red' });
  const dlq = page.locator(`[data-testid="wall-flow-edge"][data-edge-id$=">${topic('payments.DLQ')}"][data-edge-id^="produce:"]`);
  try {
    await expect(dlq.first()).toHaveAttribute('data-tone', 'alarm', { timeout: 90_000 });
  } finally {
    await poison(0.01);
  }
  await expect(wall.flowNode(topic('payments.DLQ'))).toHaveAttribute('data-role', 'dlq');
});

test('a display gets the map only through the wall: /api/flows stays closed, and the board needs the token’s allowance', async ({ page, baseURL }) => {
  const wall = new WallPage(page);
  await wall.openWithToken(baseURL!, token, 'boards=flows');
  expect((await page.request.get(`${baseURL}/api/flows?window=5m`)).status()).toBe(403);
  const own = await page.request.get(`${baseURL}/api/wall/flows`);
  expect(own.status()).toBe(200);
  const body = (await own.json()) as { edges: { types: string[] }[] };
  expect(body.edges.flatMap((e) => e.types)).toEqual([]);
  // A board the token does not allow is dropped from the URL's list: this display shows flows only.
  await page.goto(`${baseURL}/wall?boards=health,flows`);
  await expect(page.getByTestId('wall')).toHaveAttribute('data-board', 'flows');
});
