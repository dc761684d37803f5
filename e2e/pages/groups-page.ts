import { expect, type Locator, type Page } from '@playwright/test';

export class GroupsPage {
  constructor(private readonly page: Page) {}

  async open(query = '') {
    await this.page.goto(`/groups${query}`);
    await expect(this.page.getByRole('heading', { name: /consumer groups/i }).first()).toBeVisible();
  }

  row(groupId: string): Locator {
    return this.page.locator(`[data-testid="group-row"][data-group="${groupId}"]`);
  }

  /** "Show Eventline's own groups": the collector's and the commit trackers' groups. */
  ownGroupsToggle(): Locator {
    return this.page.getByTestId('toggle-own');
  }

  eventlineTag(groupId: string): Locator {
    return this.row(groupId).getByTestId('eventline-tag');
  }

  async openGroup(groupId: string) {
    await this.row(groupId).getByRole('link', { name: groupId }).click();
    await expect(this.page.getByTestId('group-title')).toHaveText(groupId);
  }
}
