import { expect, type Locator, type Page } from '@playwright/test';

/** The event catalog's pages (/catalog, /catalog/type, /catalog/drift), by their test ids. */
export class CatalogPage {
  constructor(readonly page: Page) {}
  open() {
    return this.page.goto('/catalog');
  }
  row(eventType: string, version: string) {
    return this.page.locator(`[data-testid="catalog-row"][data-type="${eventType}"][data-version="${version}"]`);
  }
  async openEntry(eventType: string, version: string) {
    await this.page.goto(`/catalog/type?${new URLSearchParams({ type: eventType, version }).toString()}`);
    await expect(this.page.getByTestId('entry-page')).toBeVisible({ timeout: 30_000 });
  }
  shapeField(path: string) {
    return this.page.locator(`[data-testid="shape-field"][data-path="${path}"]`);
  }
  producer(source: string, table = 'producer-rates') {
    return this.page.getByTestId(table).locator(`[data-testid="producer-rate"][data-source="${source}"]`);
  }
  consumer(groupId: string) {
    return this.page.locator(`[data-testid="entry-consumer"][data-group="${groupId}"]`);
  }
  registered(): Locator {
    return this.page.getByTestId('registered-schema');
  }
  schemaDiff(kind: string, path: string) {
    return this.page.locator(`[data-testid="schema-diff"][data-kind="${kind}"][data-path="${path}"]`);
  }
  diffRow(path: string) {
    return this.page.locator(`[data-testid="diff-row"][data-path="${path}"]`);
  }
  async openDrift(query = '') {
    await this.page.goto(`/catalog/drift${query ? `?${query}` : ''}`);
    await expect(this.page.getByTestId('drift-filters')).toBeVisible();
  }
  driftRow(kind: string, path: string) {
    return this.page.locator(`[data-testid="drift-row"][data-kind="${kind}"][data-path="${path}"]`);
  }
  driftRows() {
    return this.page.getByTestId('drift-row');
  }
}
