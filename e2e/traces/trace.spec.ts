import { expect, test } from '@playwright/test';
import { E2E_ADMIN_PASSWORD } from '../../playwright.config';
import { LoginPage } from '../pages/login-page';
import { TracesPage } from '../pages/traces-page';
import { shippedOrderTrace } from '../support/shipped-order-trace';

test.beforeEach(async ({ page }) => {
  const login = new LoginPage(page);
  await login.open();
  await login.signIn('admin', E2E_ADMIN_PASSWORD);
  // The first sign-in after the server starts can wait behind the collector's catch-up writes (PGlite has one connection).
  await expect(page).not.toHaveURL(/\/login/, { timeout: 30_000 });
});

test('search an order by its correlation id, open its trace: tree, waterfall and drawer', async ({ page }) => {
  // The demo shop runs with the server; its orders become traces. Take one that got shipped.
  const correlationId = await shippedOrderTrace(page);

  const traces = new TracesPage(page);
  await traces.open();
  await traces.search(correlationId);
  await expect(page).toHaveURL(new RegExp(`q=${correlationId}`));
  await expect(traces.rows()).toHaveCount(1);
  await traces.rows().first().getByRole('link', { name: correlationId }).click();

  await expect(page.getByTestId('trace-title')).toHaveText(correlationId);
  await expect(traces.treeRows().first()).toContainText('OrderPlaced');
  expect(await traces.treeRows().count()).toBeGreaterThanOrEqual(4);
  await expect(traces.waterfallRows().filter({ hasText: 'OrderShipped' })).toHaveCount(1);
  await page.screenshot({ path: 'screenshots/trace.png', fullPage: true });

  await traces.treeRows().filter({ hasText: 'OrderShipped' }).click();
  await expect(traces.drawer()).toContainText('traceparent');
  await expect(page.getByTestId('event-payload')).toContainText('"type": "OrderShipped"');
  await page.screenshot({ path: 'screenshots/trace-drawer.png', fullPage: true });
});
