import { expect, test } from '@playwright/test';
import { E2E_ADMIN_PASSWORD } from '../../playwright.config';
import { LoginPage } from '../pages/login-page';
import { TopicsPage } from '../pages/topics-page';
import { kafkaOfServer, uniqueName } from '../support/kafka-from-health';

test.beforeEach(async ({ page }) => {
  const login = new LoginPage(page);
  await login.open();
  await login.signIn('admin', E2E_ADMIN_PASSWORD);
  await expect(page).not.toHaveURL(/\/login/);
});

test('the overview shows the local broker', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByText('127.0.0.1').first()).toBeVisible();
  await page.screenshot({ path: 'screenshots/overview.png', fullPage: true });
});

test('a topic created with kafkajs appears live, and its messages are counted', async ({ page }) => {
  const topics = new TopicsPage(page);
  await topics.open();
  const name = uniqueName('e2e-live');
  await expect(topics.row(name)).toHaveCount(0);

  const kafka = await kafkaOfServer(page.request);
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic: name, numPartitions: 4 }] });
  await admin.disconnect();

  // No reload: the row arrives over socket.io within the 5 s the issue promises.
  await expect(topics.row(name)).toBeVisible({ timeout: 5_000 });
  await expect(topics.row(name)).toContainText('4');

  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: name, messages: Array.from({ length: 42 }, (_, i) => ({ value: `m${i}` })) });
  await producer.disconnect();
  await expect(topics.row(name)).toContainText('42', { timeout: 5_000 });
  await page.screenshot({ path: 'screenshots/topics.png', fullPage: true });

  const del = kafka.admin();
  await del.connect();
  await del.deleteTopics({ topics: [name] });
  await del.disconnect();
  await expect(topics.row(name)).toHaveCount(0, { timeout: 5_000 });
});

test('internal topics are hidden until asked for', async ({ page }) => {
  // A committed group offset makes sure __consumer_offsets exists on a fresh broker.
  const kafka = await kafkaOfServer(page.request);
  const admin = kafka.admin();
  await admin.connect();
  const topic = uniqueName('e2e-internal');
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
  await admin.setOffsets({ groupId: uniqueName('e2e-group'), topic, partitions: [{ partition: 0, offset: '0' }] });
  await admin.disconnect();
  const topics = new TopicsPage(page);
  await topics.open();
  await expect(topics.row('__consumer_offsets')).toHaveCount(0);
  await page.getByTestId('toggle-internal').check();
  await expect(topics.row('__consumer_offsets')).toBeVisible();
});

test('the audit page lists the sign-ins', async ({ page }) => {
  await page.goto('/admin/audit');
  await expect(page.getByText('auth.login').first()).toBeVisible();
  await page.screenshot({ path: 'screenshots/audit.png', fullPage: true });
});

test('the create-topic form refuses what Kafka would, by the rules the API checks too, then creates', async ({ page }) => {
  const topics = new TopicsPage(page);
  await topics.open();
  await topics.createTopic('has space');
  await expect(topics.fieldError('Name')).toHaveText('Use letters, digits, ".", "_" and "-" only');
  const name = uniqueName('e2e-form');
  // The local cluster has one broker: the form knows it, as the route does.
  await topics.createTopic(name, 2, 2);
  await expect(topics.fieldError('Replication')).toHaveText('At most 1 (the cluster has 1 broker)');
  await topics.createTopic(name, 2, 1);
  await expect(page.getByTestId('create-topic-dialog')).toBeHidden();
  await expect(topics.row(name)).toBeVisible();
});
