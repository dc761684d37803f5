import { expect, type Locator, type Page } from '@playwright/test';

/** The kiosk wall at /wall. */
export class WallPage {
  constructor(private readonly page: Page) {}

  async openWithToken(baseUrl: string, token: string, query: string) {
    await this.page.goto(`${baseUrl}/wall?token=${encodeURIComponent(token)}&${query}`);
    await expect(this.page.getByTestId('wall')).toBeVisible();
  }

  board(id: string): Locator {
    return this.page.getByTestId(`wall-board-${id}`);
  }

  group(groupId: string): Locator {
    return this.page.locator(`[data-testid="wall-group"][data-group="${groupId}"]`);
  }

  /** A box of the flows board, by its node id (`service:order-service`, `topic:orders`). */
  flowNode(id: string): Locator {
    return this.page.locator(`[data-testid="wall-flow-node"][data-node-id="${id}"]`);
  }

  /** An edge of the flows board, by its edge id (`produce:service:a>topic:b`). */
  flowEdge(id: string): Locator {
    return this.page.locator(`[data-testid="wall-flow-edge"][data-edge-id="${id}"]`);
  }

  staleBanner(): Locator {
    return this.page.getByTestId('wall-stale');
  }

  revoked(): Locator {
    return this.page.getByTestId('wall-revoked');
  }

  main(): Locator {
    return this.page.getByTestId('wall').locator('main');
  }
}
