import { expect, test } from '@playwright/test';
import { E2E_ADMIN_PASSWORD } from '../../playwright.config';
import { CatalogPage } from '../pages/catalog-page';
import { LoginPage } from '../pages/login-page';

test.beforeEach(async ({ page }) => {
  const login = new LoginPage(page);
  await login.open();
  await login.signIn('admin', E2E_ADMIN_PASSWORD);
  await expect(page).not.toHaveURL(/\/login/, { timeout: 30_000 });
});

test('the demo shop’s event types show with their versions, producers, topics and observed shape', async ({ page }) => {
  const catalog = new CatalogPage(page);
  await catalog.open();
  // The catalog job folds the collected events every few seconds; the page refetches every 10 s.
  const placedV1 = catalog.row('shop.OrderPlaced.v1', '1');
  await expect(placedV1).toBeVisible({ timeout: 60_000 });
  await expect(catalog.row('shop.OrderPlaced.v2', '2')).toBeVisible({ timeout: 30_000 });
  await expect(placedV1).toContainText('order-service');
  await expect(placedV1).toContainText('orders');

  await placedV1.click();
  await expect(page.getByTestId('shape-table')).toBeVisible();
  await expect(catalog.shapeField('orderId')).toContainText('string');
  await expect(catalog.shapeField('orderId')).toContainText('100%');
  await expect(catalog.shapeField('items[].sku')).toContainText('string');
  // A payment token is never shown as an example.
  await expect(catalog.shapeField('paymentToken')).toContainText('••••');
  await page.screenshot({ path: 'screenshots/catalog.png', fullPage: true });
});
