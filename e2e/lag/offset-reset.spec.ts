import { expect, test } from '@playwright/test';
import { E2E_ADMIN_PASSWORD } from '../../playwright.config';
import { GroupDetailPage } from '../pages/group-detail-page';
import { LoginPage } from '../pages/login-page';
import { kafkaOfServer, uniqueName } from '../support/kafka-from-health';

test.beforeEach(async ({ page }) => {
  const login = new LoginPage(page);
  await login.open();
  await login.signIn('admin', E2E_ADMIN_PASSWORD);
  await expect(page).not.toHaveURL(/\/login/);
});

test('an admin resets an Empty group to the latest offsets: the preview shows lag 0, and so does the page after', async ({ page }) => {
  // A group that committed 10 of 40 messages on p0 and 5 of 5 on p1, then went away: lag 30.
  const kafka = await kafkaOfServer(page.request);
  const admin = kafka.admin();
  await admin.connect();
  const topic = uniqueName('e2e-reset');
  const groupId = uniqueName('e2e-reset-group');
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 2 }] });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: Array.from({ length: 40 }, (_, i) => ({ partition: 0, value: `m${i}` })) });
  await producer.send({ topic, messages: Array.from({ length: 5 }, (_, i) => ({ partition: 1, value: `n${i}` })) });
  await producer.disconnect();
  await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '10' }, { partition: 1, offset: '5' }] });

  const group = new GroupDetailPage(page);
  // The group appears with the next lag poll.
  await expect(async () => {
    await group.open(groupId);
    await expect(group.totalLag()).toHaveText('30', { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });

  await group.openReset();
  // Beyond the log: the server's answer says the valid range, and nothing is previewed.
  await group.askOffsetPreview(topic, 0, 99);
  await expect(group.error()).toHaveText('Offset 99 is outside partition 0 of "' + topic + '": valid offsets are 0 to 40 (the log start to the log end).');
  await expect(group.previewRows()).toHaveCount(0);
  await group.dialog.screenshot({ path: 'screenshots/lag-offset-reset-out-of-range.png' });

  await group.previewReset('latest');
  await expect(group.previewRows()).toHaveCount(2);
  await expect(group.previewRows().nth(0).getByTestId('reset-preview-to')).toHaveText('40');
  await expect(group.previewRows().nth(0).getByTestId('reset-preview-lag-after')).toHaveText('0');
  await expect(group.previewRows().nth(0)).toContainText('10 → 40');
  await expect(group.previewRows().nth(0)).toContainText('30 → 0');
  await expect(group.dialog.getByTestId('reset-preview-total')).toHaveText('30 → 0');
  await group.dialog.screenshot({ path: 'screenshots/lag-offset-reset-preview.png' });

  await group.confirmReset();
  await expect(group.totalLag()).toHaveText('0');
  const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
  expect(offsets!.partitions.map((p) => [p.partition, p.offset]).sort()).toEqual([
    [0, '40'],
    [1, '5'],
  ]);
  await admin.disconnect();
  await page.screenshot({ path: 'screenshots/lag-offset-reset-after.png', fullPage: true });
});

test('a viewer does not see Reset offsets', async ({ page, browser }) => {
  const kafka = await kafkaOfServer(page.request);
  const admin = kafka.admin();
  await admin.connect();
  const topic = uniqueName('e2e-reset-viewer');
  const groupId = uniqueName('e2e-reset-viewer-group');
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
  await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '0' }] });
  await admin.disconnect();

  const me = (await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string };
  const viewerName = uniqueName('viewer');
  const created = await page.request.post('/api/users', {
    headers: { 'x-csrf-token': me.csrfToken },
    data: { username: viewerName, password: 'viewer-password', role: 'viewer' },
  });
  expect(created.status()).toBe(201);

  const context = await browser.newContext();
  const viewerPage = await context.newPage();
  const login = new LoginPage(viewerPage);
  await login.open();
  await login.signIn(viewerName, 'viewer-password');
  await expect(viewerPage).not.toHaveURL(/\/login/);
  const group = new GroupDetailPage(viewerPage);
  await expect(async () => {
    await group.open(groupId);
    await expect(viewerPage.getByTestId('partition-row')).toHaveCount(1, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await expect(group.resetButton()).toHaveCount(0);
  await context.close();
});

test('while the group has a member, Reset offsets is disabled and says why; it comes back once the member leaves', async ({ page }) => {
  const kafka = await kafkaOfServer(page.request);
  const admin = kafka.admin();
  await admin.connect();
  const topic = uniqueName('e2e-reset-active');
  const groupId = uniqueName('e2e-reset-active-group');
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
  // Committed offsets before the member joins, so there is something to move once it leaves.
  await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '0' }] });
  await admin.disconnect();
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 500 });
  await consumer.connect();
  await consumer.subscribe({ topic });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({ eachMessage: async () => undefined });
  await joined;

  const group = new GroupDetailPage(page);
  await expect(async () => {
    await group.open(groupId);
    await expect(page.getByTestId('reset-offsets-blocked')).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByTestId('reset-offsets-blocked')).toHaveText("Stop the group's member first; Kafka refuses to move the offsets of an active group.");
  await expect(group.resetButton()).toBeDisabled();
  await page.screenshot({ path: 'screenshots/lag-offset-reset-blocked.png' });

  await consumer.disconnect();
  await expect(group.resetButton()).toBeEnabled({ timeout: 20_000 });
  await expect(page.getByTestId('reset-offsets-blocked')).toHaveCount(0);
});
