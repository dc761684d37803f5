import { expect, type Locator, type Page } from '@playwright/test';

export class TopicsPage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.goto('/topics');
    await expect(this.page.getByRole('heading', { name: /topics/i }).first()).toBeVisible();
  }

  row(topic: string): Locator {
    return this.page.locator(`[data-testid="topic-row"][data-topic="${topic}"]`);
  }

  /** Opens the create-topic dialog, fills it and submits. */
  async createTopic(name: string, partitions = 1, replicationFactor = 1) {
    if (!(await this.page.getByTestId('create-topic-dialog').isVisible())) await this.page.getByTestId('create-topic-button').click();
    await this.page.getByTestId('topic-name-input').fill(name);
    await this.page.getByTestId('topic-partitions-input').fill(String(partitions));
    await this.page.getByTestId('topic-rf-input').fill(String(replicationFactor));
    await this.page.getByTestId('create-topic-submit').click();
  }

  /** The message shown under the dialog's field with this label. */
  fieldError(label: string): Locator {
    return this.page.getByTestId('create-topic-dialog').locator('label.field', { hasText: label }).locator('.field-error');
  }

  async filter(text: string) {
    await this.page.getByPlaceholder(/filter/i).fill(text);
  }
}
