import { expect, test } from '@playwright/test';
import { E2E_ADMIN_PASSWORD } from '../../playwright.config';
import { FlowsPage } from '../pages/flows-page';
import { LoginPage } from '../pages/login-page';
import { demoKnob } from '../support/demo-knob';

/** The e2e server's lag poll (playwright.config.ts): the map must follow within two of them, plus its 2 s push. */
const LAG_POLL_MS = 1000;
const PUSH_MS = 2000;

// The first test also waits for the demo to fill the map (collector rollups, lag cycles): on a
// busy 2-core machine that alone can take most of the default minute.
test.describe.configure({ timeout: 150_000 });

test.beforeEach(async ({ page }) => {
  const login = new LoginPage(page);
  await login.open();
  await login.signIn('admin', E2E_ADMIN_PASSWORD);
  await expect(page).not.toHaveURL(/\/login/, { timeout: 30_000 });
});

const svc = (s: string) => `service:${s}`;
const topic = (t: string) => `topic:${t}`;

test('the demo shop’s map: order-service → orders → payment-service → payments → inventory-service, retry and dead-letter topics, click-through to a group', async ({ page }) => {
  const map = new FlowsPage(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await map.open();
  const chain = [
    map.edgeId('produce', svc('order-service'), topic('orders')),
    map.edgeId('consume', topic('orders'), svc('payment-service')),
    map.edgeId('produce', svc('payment-service'), topic('payments')),
    map.edgeId('consume', topic('payments'), svc('inventory-service')),
    map.edgeId('produce', svc('inventory-service'), topic('inventory')),
  ];
  // The collector and the lag monitor fill the map in as the demo runs; the page follows live.
  for (const id of chain) await expect(map.edge(id)).toHaveCount(1, { timeout: 60_000 });
  await expect(map.node(topic('payments.retry'))).toHaveAttribute('data-role', 'retry');
  await expect(map.node(topic('payments.DLQ'))).toHaveAttribute('data-role', 'dlq');
  await expect(map.node(svc('payment-service'))).toBeVisible();
  // Left to right: the producer before its topic before its consumer.
  const x = async (id: string) => (await map.node(id).boundingBox())!.x;
  expect(await x(svc('order-service'))).toBeLessThan(await x(topic('orders')));
  expect(await x(topic('orders'))).toBeLessThan(await x(svc('payment-service')));
  await page.screenshot({ path: 'screenshots/flows-1440.png' });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.getByRole('button', { name: /fit view/i }).click();
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'screenshots/flows-1920.png' });

  // A topic opens its consumers and messages.
  await map.node(topic('orders')).click();
  await expect(page.getByTestId('flow-consumers')).toContainText('payment-service');
  await expect(page.getByTestId('flow-open-messages')).toHaveAttribute('href', '/topics/orders/messages');
  await page.screenshot({ path: 'screenshots/flows-topic.png' });
  await page.keyboard.press('Escape');

  // A consumer group with no service of its name opens its page.
  const group = page.locator('[data-testid="flow-node"][data-node-id^="group:"]').filter({ hasText: 'notification-service' });
  await group.click();
  await expect(page).toHaveURL(/\/groups\/notification-service$/);
  await expect(page.getByTestId('group-title')).toHaveText('notification-service');
});

test('retry and dead-letter copies are drawn from payment-service, which wrote them, not from the order-service source they keep; a search by payment-service finds their trace, which says so', async ({ page }) => {
  const map = new FlowsPage(page);
  await map.open();
  // Poison orders fail four times: three retry copies, then a dead letter. A fifth of the
  // orders for a while, so the 5-minute window has both whatever ran before.
  await demoKnob(page.request, { action: 'setPoisonRate', fraction: 0.2 });
  try {
    for (const t of ['payments.retry', 'payments.DLQ']) {
      await expect(map.edge(map.edgeId('produce', svc('payment-service'), topic(t)))).toHaveCount(1, { timeout: 90_000 });
      await expect(map.edge(map.edgeId('produce', svc('order-service'), topic(t)))).toHaveCount(0);
    }
    await expect(map.edge(map.edgeId('produce', svc('payment-service'), topic('payments.DLQ')))).toHaveAttribute('data-tone', 'alarm');
  } finally {
    await demoKnob(page.request, { action: 'setPoisonRate', fraction: 0.01 });
  }
  await page.screenshot({ path: 'screenshots/flows-copies.png' });

  // A poison order's trace has no event payment-service produced, yet a search by that service finds it: it retried and dead-lettered the order.
  let correlationId = '';
  await expect
    .poll(async () => {
      const body = (await (await page.request.get('/api/traces?limit=50&errors=true&service=payment-service')).json()) as { traces: { correlationId: string; topics: string[]; touchedRetry: boolean }[] };
      correlationId = body.traces.find((t) => t.topics.includes('payments.DLQ') && t.touchedRetry)?.correlationId ?? '';
      return correlationId;
    }, { timeout: 30_000, intervals: [500] })
    .not.toBe('');
  await page.goto(`/traces/${correlationId}`);
  await expect(page.getByTestId('trace-copy-writer').filter({ hasText: 'dead-lettered by payment-service' }).first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('trace-copy-writer').filter({ hasText: 'retried by payment-service' }).first()).toBeVisible();
});

test('pausing payment-service turns its consume edge to STOP within two lag cycles of the lag monitor', async ({ page }) => {
  const map = new FlowsPage(page);
  await map.open();
  const edge = map.edge(map.edgeId('consume', topic('orders'), svc('payment-service')));
  await expect(edge).toHaveCount(1, { timeout: 60_000 });
  await expect(edge).not.toHaveAttribute('data-status', 'STOP');
  await demoKnob(page.request, { action: 'pause', service: 'payment-service' });
  try {
    // STOP needs the status window's span without a commit (the lag evaluator's rule); from the
    // cycle that says so, the map must show it within two cycles and one push.
    await expect
      .poll(async () => ((await (await page.request.get('/api/lag/groups/payment-service')).json()) as { status: string }).status, { timeout: 60_000, intervals: [250] })
      .toBe('STOP');
    await expect(edge).toHaveAttribute('data-status', 'STOP', { timeout: 2 * LAG_POLL_MS + PUSH_MS + 1000 });
    await expect(edge).toHaveAttribute('data-tone', 'alarm');
    await expect(map.node(svc('payment-service'))).toHaveAttribute('data-status', 'STOP');
    await page.screenshot({ path: 'screenshots/flows-stop.png' });
  } finally {
    await demoKnob(page.request, { action: 'resume', service: 'payment-service' });
  }
});

test('“show on the map” from a trace lights up its path', async ({ page }) => {
  let correlationId = '';
  await expect
    .poll(
      async () => {
        const body = (await (await page.request.get('/api/traces?limit=50')).json()) as { traces: { correlationId: string; types: string[]; touchedRetry: boolean; hasErrors: boolean }[] };
        // A shipped order paid at the first attempt: its payment came straight from `orders`, not through the retry topic.
        correlationId = body.traces.find((t) => t.types.some((ty) => ty.includes('OrderShipped')) && !t.touchedRetry && !t.hasErrors)?.correlationId ?? '';
        return correlationId;
      },
      { timeout: 60_000, intervals: [500] },
    )
    .not.toBe('');
  await page.goto(`/traces/${correlationId}`);
  await page.getByTestId('trace-show-on-map').click();
  await expect(page).toHaveURL(new RegExp(`/flows\\?trace=${correlationId}`));
  const map = new FlowsPage(page);
  // The map's first load can wait behind the collector's writes on a busy machine (PGlite has one connection).
  await expect(page.getByTestId('flow-canvas')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('flow-trace-banner')).toContainText(correlationId);
  for (const id of [svc('order-service'), topic('orders'), svc('payment-service'), topic('payments'), svc('inventory-service')]) {
    await expect(map.node(id)).toHaveAttribute('data-marked', 'on', { timeout: 30_000 });
  }
  await expect(map.edge(map.edgeId('consume', topic('orders'), svc('payment-service')))).toHaveAttribute('data-marked', 'on');
  // The dead-letter topic is not on a shipped order's path.
  await expect(map.node(topic('payments.DLQ'))).toHaveAttribute('data-marked', 'off');
  await page.screenshot({ path: 'screenshots/flows-trace.png' });
});
