import { expect, test } from '@playwright/test';
import { E2E_ADMIN_PASSWORD } from '../../playwright.config';
import { LoginPage } from '../pages/login-page';

test('a signed-out visitor is sent to the login page', async ({ page }) => {
  await page.goto('/topics');
  await expect(page).toHaveURL(/\/login\?next=%2Ftopics/);
});

test('a wrong password is refused', async ({ page }) => {
  const login = new LoginPage(page);
  await login.open();
  await login.signIn('admin', 'not-the-password');
  await login.expectError(/wrong user name or password/i);
  await expect(page).toHaveURL(/\/login/);
});

test('signing in leads to the page asked for', async ({ page }) => {
  const login = new LoginPage(page);
  await login.open('/topics');
  await login.signIn('admin', E2E_ADMIN_PASSWORD);
  await expect(page).toHaveURL(/\/topics$/);
});
