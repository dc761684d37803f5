import type { Page } from '@playwright/test';

/** The traces search and trace pages, by their test ids. */
export class TracesPage {
  constructor(readonly page: Page) {}
  open() {
    return this.page.goto('/traces');
  }
  async search(q: string) {
    await this.page.getByTestId('trace-search-q').fill(q);
    await this.page.getByTestId('trace-search-submit').click();
  }
  rows() {
    return this.page.getByTestId('trace-row');
  }
  treeRows() {
    return this.page.getByTestId('tree-row');
  }
  waterfallRows() {
    return this.page.getByTestId('waterfall-row');
  }
  drawer() {
    return this.page.getByTestId('event-drawer');
  }
}
