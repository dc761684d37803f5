import { expect, type Locator, type Page } from '@playwright/test';
import type { OffsetResetTarget } from '../../lib/offset-reset-types';

/** A consumer group's page and its Reset offsets dialog. */
export class GroupDetailPage {
  readonly dialog: Locator;

  constructor(private readonly page: Page) {
    this.dialog = page.getByTestId('reset-offsets-dialog');
  }

  async open(groupId: string) {
    await this.page.goto(`/groups/${encodeURIComponent(groupId)}`);
    await expect(this.page.getByTestId('group-title')).toHaveText(groupId);
  }

  totalLag(): Locator {
    return this.page.getByTestId('detail-total-lag');
  }

  resetButton(): Locator {
    return this.page.getByTestId('reset-offsets');
  }

  async openReset() {
    await this.resetButton().click();
    await expect(this.dialog).toBeVisible();
  }

  async previewReset(to: OffsetResetTarget, topic = '') {
    await this.dialog.getByTestId('reset-scope').selectOption(topic);
    await this.dialog.getByTestId('reset-target').selectOption(to);
    await this.dialog.getByTestId('reset-offsets-preview').click();
    await expect(this.previewRows().first()).toBeVisible();
  }

  /** Asks for a preview of one partition moved to `offset`; the caller checks the rows or the error. */
  async askOffsetPreview(topic: string, partition: number, offset: number) {
    await this.dialog.getByTestId('reset-target').selectOption('offset');
    await this.dialog.getByTestId('reset-partition').selectOption({ label: `${topic} [${partition}]` });
    await this.dialog.getByTestId('reset-offset').fill(String(offset));
    await this.dialog.getByTestId('reset-offsets-preview').click();
  }

  error(): Locator {
    return this.dialog.getByTestId('reset-offsets-error');
  }

  previewRows(): Locator {
    return this.dialog.getByTestId('reset-preview-row');
  }

  async confirmReset() {
    await this.dialog.getByTestId('reset-offsets-confirm').click();
    await expect(this.dialog).toBeHidden();
  }
}
