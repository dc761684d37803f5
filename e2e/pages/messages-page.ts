import { expect, type Locator, type Page } from '@playwright/test';

/** The message browser of one topic, by its test ids. */
export class MessagesPage {
  constructor(readonly page: Page) {}

  async open(topic: string, query = '') {
    await this.page.goto(`/topics/${encodeURIComponent(topic)}/messages${query ? `?${query}` : ''}`);
    await expect(this.page.getByRole('heading', { name: /messages of/i })).toBeVisible();
  }
  rows(): Locator {
    return this.page.getByTestId('message-row');
  }
  row(partition: number, offset: number): Locator {
    return this.page.locator(`[data-testid="message-row"][data-partition="${partition}"][data-offset="${offset}"]`);
  }
  highlighted(): Locator {
    return this.page.locator('[data-testid="message-row"][data-highlighted="true"]');
  }
  detail(): Locator {
    return this.page.getByTestId('message-detail');
  }
  value(): Locator {
    return this.page.getByTestId('detail-value');
  }
  summary(): Locator {
    return this.page.getByTestId('messages-summary');
  }
  older(): Locator {
    return this.page.getByTestId('messages-older');
  }
  newer(): Locator {
    return this.page.getByTestId('messages-newer');
  }
  error(): Locator {
    return this.page.getByTestId('error-panel');
  }
  /** Ticks (or unticks) one record for a replay. */
  async pick(partition: number, offset: number, on = true) {
    await this.row(partition, offset).getByTestId('pick-record').setChecked(on);
  }
  replaySelected(): Locator {
    return this.page.getByTestId('replay-picked');
  }
}
