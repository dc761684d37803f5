import type { Page } from '@playwright/test';

/** The replay dialog, the job page and the dead-letter view, by their test ids. */
export class ReplayPages {
  constructor(readonly page: Page) {}
  openDeadLetters(topic: string) {
    return this.page.goto(`/topics/${encodeURIComponent(topic)}/dead-letters`);
  }
  deadLetterGroups() {
    return this.page.getByTestId('dead-letter-group');
  }
  dialog() {
    return this.page.getByTestId('replay-dialog');
  }
  async setRate(perSecond: number) {
    await this.dialog().getByText('Options').click();
    await this.page.getByTestId('replay-rate').fill(String(perSecond));
  }
  async dryRunAndStart() {
    await this.page.getByTestId('replay-dry-run').click();
    await this.page.getByTestId('replay-preview').waitFor();
    const confirm = this.page.getByTestId('replay-confirm');
    if (await confirm.isVisible()) {
      const name = await this.dialog().locator('.field-label .mono').innerText();
      await confirm.fill(name);
    }
    await this.page.getByTestId('replay-start').click();
  }
  progress() {
    return this.page.getByTestId('replay-progress');
  }
  state() {
    return this.page.getByTestId('replay-state');
  }
  sent() {
    return this.page.getByTestId('replay-sent');
  }
}
