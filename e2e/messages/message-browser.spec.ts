import { expect, test } from '@playwright/test';
import { shippedOrderTrace } from '../support/shipped-order-trace';
import { E2E_ADMIN_PASSWORD } from '../../playwright.config';
import { LoginPage } from '../pages/login-page';
import { MessagesPage } from '../pages/messages-page';
import { TopicsPage } from '../pages/topics-page';
import { TracesPage } from '../pages/traces-page';
import { kafkaOfServer, uniqueName } from '../support/kafka-from-health';

test.beforeEach(async ({ page }) => {
  const login = new LoginPage(page);
  await login.open();
  await login.signIn('admin', E2E_ADMIN_PASSWORD);
  await expect(page).not.toHaveURL(/\/login/, { timeout: 30_000 });
});

/** Record i of each partition is stamped BASE + i seconds (an hour ago, whole seconds). */
const BASE = Math.floor((Date.now() - 3_600_000) / 1000) * 1000;

/** A topic with 2 partitions × 120 JSON records, and one binary record (stamped now) at the end of partition 0. */
async function seededTopic(page: import('@playwright/test').Page) {
  const name = uniqueName('e2e-msgs');
  const kafka = await kafkaOfServer(page.request);
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic: name, numPartitions: 2 }] });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  for (const partition of [0, 1]) {
    await producer.send({
      topic: name,
      messages: Array.from({ length: 120 }, (_, i) => ({
        partition,
        key: `order-${partition}-${i}`,
        value: JSON.stringify({ orderId: `o-${partition}-${i}`, total: i * 10 }),
        headers: { 'content-type': 'application/json' },
        timestamp: String(BASE + i * 1000),
      })),
    });
  }
  await producer.send({ topic: name, messages: [{ partition: 0, key: 'blob', value: Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00]) }] });
  await producer.disconnect();
  return name;
}

test('open a topic’s messages from the topics page, open a record, see its payload', async ({ page }) => {
  const name = await seededTopic(page);
  const topics = new TopicsPage(page);
  await topics.open();
  await topics.filter(name);
  await topics.row(name).getByRole('link', { name: /messages/i }).click();
  await expect(page).toHaveURL(new RegExp(`/topics/${name}/messages$`));

  const messages = new MessagesPage(page);
  // All partitions, newest 50 by time: the binary record was written last.
  await expect(messages.rows()).toHaveCount(50);
  await expect(messages.rows().last()).toContainText('blob');
  await expect(messages.rows().last()).toContainText('de ad be ef 00');
  await page.screenshot({ path: 'screenshots/messages-all-partitions.png', fullPage: false });

  await page.getByTestId('partition-select').selectOption('1');
  await page.getByTestId('messages-go').click();
  await expect(page).toHaveURL(/partition=1/);
  await expect(messages.summary()).toContainText('Offsets 70–119 of partition 1');
  await messages.row(1, 100).click();
  await expect(messages.detail()).toContainText('Partition 1 · offset 100');
  await expect(messages.value()).toContainText('"orderId": "o-1-100"');
  await expect(messages.detail()).toContainText('content-type');
  await page.screenshot({ path: 'screenshots/messages-detail.png', fullPage: false });
  await page.keyboard.press('Escape');
  await expect(messages.detail()).toHaveCount(0);

  await messages.older().click();
  await expect(messages.summary()).toContainText('Offsets 20–69 of partition 1');
  await messages.newer().click();
  await expect(messages.summary()).toContainText('Offsets 70–119 of partition 1');
  await expect(messages.newer()).toBeDisabled();
});

test('a deep link to partition and offset highlights that record and scrolls to it', async ({ page }) => {
  const name = await seededTopic(page);
  const messages = new MessagesPage(page);
  // Short enough that the linked record (the sixth row) starts below the fold: it must be scrolled to.
  await page.setViewportSize({ width: 1280, height: 420 });
  await messages.open(name, 'partition=0&offset=90&limit=200');
  await expect(messages.highlighted()).toHaveCount(1);
  await expect(messages.highlighted()).toHaveAttribute('data-offset', '90');
  await expect(messages.highlighted()).toBeInViewport();
  // Five records of context before it, then on to the end of the partition.
  await expect(messages.rows().first()).toHaveAttribute('data-offset', '85');
  await expect(messages.rows()).toHaveCount(36);
  await page.screenshot({ path: 'screenshots/messages-deep-link.png', fullPage: false });

  await messages.row(0, 120).click();
  await expect(messages.value()).toContainText('de ad be ef 00');
  await expect(messages.detail()).toContainText('binary');
});

test('start at a time, from a link and from the form', async ({ page }) => {
  const name = await seededTopic(page);
  const messages = new MessagesPage(page);
  await messages.open(name, `partition=1&timestamp=${new Date(BASE + 100_000).toISOString()}&limit=5`);
  await expect(messages.summary()).toContainText('Offsets 100–104 of partition 1');
  // The form takes the viewer's local time; the browser here runs in the same zone as this test.
  const d = new Date(BASE + 30_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  await page.getByTestId('time-input').fill(`${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`);
  await page.getByTestId('messages-go').click();
  await expect(messages.summary()).toContainText('Offsets 30–34 of partition 1');
  await expect(page).toHaveURL(new RegExp(`timestamp=${encodeURIComponent(d.toISOString())}`));
});

test('an offset outside the log says which offsets exist', async ({ page }) => {
  const name = await seededTopic(page);
  const messages = new MessagesPage(page);
  await messages.open(name, 'partition=1&offset=5000');
  await expect(messages.error()).toContainText('readable offsets are 0 to 119');
  await page.getByRole('button', { name: /newest records instead/i }).click();
  await expect(messages.summary()).toContainText('Offsets 70–119 of partition 1');
  // The same from the form: the error replaces the rows, the picker keeps the ranges it knew.
  await page.getByTestId('start-select').selectOption('offset');
  await page.getByTestId('offset-input').fill('120');
  await page.getByTestId('messages-go').click();
  await expect(messages.error()).toContainText('Offset 120 is outside partition 1');
  await expect(page.getByTestId('messages-table')).toHaveCount(0);
  await expect(page.getByTestId('partition-select').locator('option', { hasText: 'Partition 1 · offsets 0–119' })).toHaveCount(1);
  await messages.open('no-such-topic-e2e');
  await expect(messages.error()).toContainText('does not exist');
});

test('a trace event opens its record in the message browser', async ({ page }) => {
  // The demo shop runs with the server and the collector stores its events as traces. A
  // shipped order's trace is whole: a trace still being collected can gain an earlier event
  // (another partition's batch) between reading it here and drawing its page.
  const correlationId = await shippedOrderTrace(page);
  const detail = (await (await page.request.get(`/api/traces/${correlationId}`)).json()) as { events: { topic: string; partition: number; offset: string }[] };
  const event = detail.events[0]!;
  await page.goto(`/traces/${correlationId}`);
  const traces = new TracesPage(page);
  await traces.treeRows().and(page.locator(`[data-record="${event.topic}/${event.partition}@${event.offset}"]`)).click();
  await traces.drawer().getByTestId('open-in-message-browser').click();
  await expect(page).toHaveURL(new RegExp(`/topics/${event.topic}/messages\\?partition=${event.partition}&offset=${event.offset}$`));
  const messages = new MessagesPage(page);
  await expect(messages.highlighted()).toHaveAttribute('data-offset', event.offset);
  await expect(messages.highlighted()).toHaveAttribute('data-partition', String(event.partition));
  await messages.highlighted().click();
  // The demo carries the correlation id in its headers (traceparent), not in the payload.
  await expect(messages.detail()).toContainText(correlationId);
  await page.screenshot({ path: 'screenshots/messages-from-trace.png', fullPage: false });
});

test('filter a page with the replay’s CEL predicate, and see a bad expression’s parse error', async ({ page }) => {
  const name = await seededTopic(page);
  const messages = new MessagesPage(page);
  await messages.open(name, 'partition=1');
  await expect(messages.rows()).toHaveCount(50);
  await page.getByTestId('filter-input').fill('value.total % 100 == 0 && headers["content-type"] == "application/json"');
  await page.getByTestId('messages-go').click();
  await expect(page).toHaveURL(/filter=/);
  // Partition 1's newest 50 are records 70–119; totals 700, 800, … 1100 are multiples of 100.
  await expect(messages.rows()).toHaveCount(5);
  await expect(page.getByTestId('filter-summary')).toContainText('kept 5 of the 50 records');
  await expect(messages.rows().first()).toContainText('o-1-70');
  await page.screenshot({ path: 'screenshots/messages-cel-filter.png', fullPage: false });

  await page.getByTestId('filter-input').fill('value.total ==');
  await page.getByTestId('messages-go').click();
  await expect(messages.error()).toContainText('The CEL predicate does not parse');
  await page.screenshot({ path: 'screenshots/messages-cel-filter-error.png', fullPage: false });
  await page.getByTestId('filter-clear').click();
  await expect(messages.rows()).toHaveCount(50);
});
