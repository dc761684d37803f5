import type { Page } from '@playwright/test';

/** The event catalog page, by its test ids. */
export class CatalogPage {
  constructor(readonly page: Page) {}
  open() {
    return this.page.goto('/catalog');
  }
  row(eventType: string, version: string) {
    return this.page.locator(`[data-testid="catalog-row"][data-type="${eventType}"][data-version="${version}"]`);
  }
  shapeField(path: string) {
    return this.page.locator(`[data-testid="shape-field"][data-path="${path}"]`);
  }
}
