import { expect, type Locator, type Page } from '@playwright/test';

/** The flow map, by its test ids: nodes and edges carry their graph ids. */
export class FlowsPage {
  constructor(readonly page: Page) {}

  async open(query = '') {
    await this.page.goto(`/flows${query}`);
    await expect(this.page.getByTestId('flow-canvas')).toBeVisible({ timeout: 30_000 });
  }

  node(id: string): Locator {
    return this.page.locator(`[data-testid="flow-node"][data-node-id="${id}"]`);
  }

  edge(id: string): Locator {
    return this.page.locator(`[data-testid="flow-edge"][data-edge-id="${id}"]`);
  }

  edgeId(kind: 'produce' | 'consume', from: string, to: string): string {
    return `${kind}:${from}>${to}`;
  }
}
