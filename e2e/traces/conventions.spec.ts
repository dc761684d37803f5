import { expect, test } from '@playwright/test';
import { E2E_ADMIN_PASSWORD } from '../../playwright.config';
import { LoginPage } from '../pages/login-page';
import { TopicsPage } from '../pages/topics-page';
import { TracesPage } from '../pages/traces-page';
import { kafkaOfServer, uniqueName } from '../support/kafka-from-health';

test.beforeEach(async ({ page }) => {
  const login = new LoginPage(page);
  await login.open();
  await login.signIn('admin', E2E_ADMIN_PASSWORD);
  await expect(page).not.toHaveURL(/\/login/, { timeout: 30_000 });
});

test('NServiceBus ids and a Spring dead-letter copy: the drawer names the conventions, coverage shows on both pages', async ({ page }) => {
  // Two topics to create and collect, then three pages: more than the default minute on a busy machine.
  test.setTimeout(150_000);
  const base = uniqueName('e2e-conv');
  const orders = `${base}.orders`;
  const dlt = `${base}.orders-dlt`;
  const conversation = `${base}-conversation`;
  const kafka = await kafkaOfServer(page.request);
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic: orders, numPartitions: 1 }, { topic: dlt, numPartitions: 1 }] });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  const nsb = {
    'NServiceBus.MessageId': `${base}-m1`,
    'NServiceBus.ConversationId': conversation,
    'NServiceBus.EnclosedMessageTypes': 'Shop.Messages.OrderPlaced, Shop.Messages, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null',
    'NServiceBus.OriginatingEndpoint': 'Sales',
  };
  const [sent] = await producer.send({ topic: orders, messages: [{ value: JSON.stringify({ OrderId: 'o-1' }), headers: nsb }] });
  const partition = Buffer.alloc(4);
  partition.writeInt32BE(0);
  const offset = Buffer.alloc(8);
  offset.writeBigInt64BE(BigInt(sent!.baseOffset!));
  await producer.send({
    topic: dlt,
    messages: [{ value: JSON.stringify({ OrderId: 'o-1' }), headers: { ...nsb, 'kafka_dlt-original-topic': orders, 'kafka_dlt-original-partition': partition, 'kafka_dlt-original-offset': offset } }],
  });
  await producer.disconnect();

  await expect.poll(async () => (await page.request.get(`/api/traces/${conversation}`)).status(), { timeout: 60_000, intervals: [500] }).toBe(200);
  await expect
    .poll(async () => ((await (await page.request.get(`/api/traces/${conversation}`)).json()) as { events: unknown[] }).events.length, { timeout: 30_000, intervals: [500] })
    .toBe(2);

  const traces = new TracesPage(page);
  await page.goto(`/traces/${encodeURIComponent(conversation)}`);
  await traces.treeRows().filter({ hasText: dlt }).click();
  await expect(page.getByTestId('event-id-sources')).toContainText('event id: nservicebus');
  await expect(page.getByTestId('event-id-sources')).toContainText('correlation id: nservicebus');
  await expect(page.getByTestId('event-id-sources')).toContainText('dead-letter link: spring-dlt');
  await expect(page.getByTestId('event-dead-letter-of')).toContainText(`${orders}/0/${sent!.baseOffset}`);
  await page.screenshot({ path: 'screenshots/conventions-drawer.png', fullPage: true });

  await traces.open();
  await page.getByTestId('coverage-panel').locator('summary').click();
  const row = page.locator(`[data-testid="coverage-row"][data-topic="${orders}"]`);
  await expect(row).toContainText('100%', { timeout: 20_000 });
  await expect(row).toContainText('nservicebus');
  await expect(page.locator(`[data-testid="coverage-row"][data-topic="${dlt}"]`)).toContainText('1 dead letters');
  await page.screenshot({ path: 'screenshots/coverage-traces.png', fullPage: true });

  const topics = new TopicsPage(page);
  await topics.open();
  await expect(topics.row(orders).getByTestId('topic-coverage')).toContainText('corr 100%', { timeout: 20_000 });
  await expect(topics.row(orders).getByTestId('topic-coverage')).toContainText('nservicebus');
  await topics.row(orders).scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'screenshots/coverage-topics.png' });
});
