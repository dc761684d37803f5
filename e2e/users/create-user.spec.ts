import { expect, test } from '@playwright/test';
import { E2E_ADMIN_PASSWORD } from '../../playwright.config';
import { LoginPage } from '../pages/login-page';
import { UsersPage } from '../pages/users-page';

test('the add-user form says what is wrong before asking the server, then adds the user', async ({ page }) => {
  const login = new LoginPage(page);
  await login.open();
  await login.signIn('admin', E2E_ADMIN_PASSWORD);
  await expect(page).not.toHaveURL(/\/login/);

  const users = new UsersPage(page);
  await users.open();
  await users.addUser('a b', 'short');
  // lib/create-user-schema.ts's words, the same the API would answer with.
  await expect(users.fieldError('User name')).toHaveText('Letters, digits, ".", "_", "-" and "@" only');
  await expect(users.fieldError('Password')).toHaveText('At least 10 characters');

  const name = `e2e-${Date.now().toString(36)}`;
  await users.addUser(name, 'a long enough password', 'operator');
  await expect(users.success()).toContainText(name);
});
