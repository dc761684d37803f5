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

  async filter(text: string) {
    await this.page.getByPlaceholder(/filter/i).fill(text);
  }
}
