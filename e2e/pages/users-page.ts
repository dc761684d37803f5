import { expect, type Locator, type Page } from '@playwright/test';

export class UsersPage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.goto('/admin/users');
    await expect(this.page.getByTestId('create-user-form')).toBeVisible();
  }

  async addUser(username: string, password: string, role: 'viewer' | 'operator' | 'admin' = 'viewer') {
    await this.page.getByTestId('new-user-username').fill(username);
    await this.page.getByTestId('new-user-password').fill(password);
    await this.page.getByTestId('new-user-role').selectOption(role);
    await this.page.getByTestId('create-user-submit').click();
  }

  /** The message shown under the form's field with this label. */
  fieldError(label: string): Locator {
    return this.page.getByTestId('create-user-form').locator('label.field', { hasText: label }).locator('.field-error');
  }

  success(): Locator {
    return this.page.getByTestId('create-user-success');
  }
}
