import { expect, test } from '@playwright/test';
import { E2E_ADMIN_PASSWORD } from '../../playwright.config';
import { GroupsPage } from '../pages/groups-page';
import { LoginPage } from '../pages/login-page';
import { kafkaOfServer, uniqueName } from '../support/kafka-from-health';

test.beforeEach(async ({ page }) => {
  const login = new LoginPage(page);
  await login.open();
  await login.signIn('admin', E2E_ADMIN_PASSWORD);
  await expect(page).not.toHaveURL(/\/login/);
});

test('the groups page lists a lagging group and its chart draws its history', async ({ page }) => {
  // A group that committed 10 of 40 messages and then went away: lag 30, and soon STOP.
  const kafka = await kafkaOfServer(page.request);
  const admin = kafka.admin();
  await admin.connect();
  const topic = uniqueName('e2e-lag');
  const groupId = uniqueName('e2e-lag-group');
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: Array.from({ length: 40 }, (_, i) => ({ partition: 0, value: `m${i}` })) });
  await producer.disconnect();
  await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '10' }] });
  await admin.disconnect();

  const groups = new GroupsPage(page);
  await groups.open();
  // The demo shop's groups are there too; ours arrives with a poll, live.
  await expect(groups.row(groupId)).toBeVisible({ timeout: 15_000 });
  await expect(groups.row(groupId).getByTestId('group-lag')).toHaveText('30');
  await page.screenshot({ path: 'screenshots/lag-groups.png', fullPage: true });

  await groups.openGroup(groupId);
  await expect(page.getByTestId('partition-row')).toHaveCount(1);
  await expect(page.getByTestId('detail-total-lag')).toHaveText('30');
  // Two samples make a line; the chart's SVG path gets segments once they are stored.
  // (A flat line has no height, so Playwright would call it hidden: check its path data.)
  await expect(page.getByTestId('lag-chart').locator('path.recharts-line-curve').first()).toHaveAttribute('d', /^M[\d.,]+[CL]/, { timeout: 20_000 });
  await expect(page.getByTestId('partition-chart').locator('path.recharts-line-curve')).toHaveCount(1);
  await page.screenshot({ path: 'screenshots/lag-group.png', fullPage: true });
});

test("Eventline's own groups are tagged, hidden until asked for, and the choice stays in the URL", async ({ page }) => {
  const groups = new GroupsPage(page);
  await groups.open();
  // The server's collector reads with the default group; the row exists once a poll has seen it.
  await groups.ownGroupsToggle().check();
  await expect(page).toHaveURL(/[?&]own=1/);
  await expect(groups.eventlineTag('eventline-collector')).toHaveText('Eventline', { timeout: 15_000 });
  // The top bar names the cluster by its bootstrap address; the KRaft id is only its tooltip.
  await expect(page.getByTestId('cluster-name')).toHaveText(/^127\.0\.0\.1:\d+$/);
  await page.screenshot({ path: 'screenshots/lag-groups-own.png', fullPage: true });

  await page.reload();
  await expect(groups.ownGroupsToggle()).toBeChecked();
  await expect(groups.row('eventline-collector')).toBeVisible();
  await groups.ownGroupsToggle().uncheck();
  await expect(groups.row('eventline-collector')).toHaveCount(0);
  await expect(page).not.toHaveURL(/own=1/);
});
