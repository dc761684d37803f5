import { expect, test } from '@playwright/test';
import { E2E_ADMIN_PASSWORD } from '../../playwright.config';
import { LoginPage } from '../pages/login-page';
import { MessagesPage } from '../pages/messages-page';
import { ReplayPages } from '../pages/replay-pages';
import { kafkaOfServer, uniqueName } from '../support/kafka-from-health';

test.beforeEach(async ({ page }) => {
  const login = new LoginPage(page);
  await login.open();
  await login.signIn('admin', E2E_ADMIN_PASSWORD);
  await expect(page).not.toHaveURL(/\/login/, { timeout: 30_000 });
});

interface Records {
  records: { partition: number; offset: number; headers: { key: string; value: { preview: string } | null }[] }[];
}

/** Record i of each partition is stamped BASE + i seconds, partition 1 half a second after partition 0. */
const BASE = Math.floor((Date.now() - 3_600_000) / 1000) * 1000;

test('tick records in the message browser, across pages, and replay just those, oldest first', async ({ page }) => {
  test.setTimeout(120_000);
  const source = uniqueName('e2e-pick-src');
  const target = uniqueName('e2e-pick-out');
  const kafka = await kafkaOfServer(page.request);
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic: source, numPartitions: 2 }, { topic: target, numPartitions: 1 }] });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  for (const partition of [0, 1]) {
    await producer.send({
      topic: source,
      messages: Array.from({ length: 60 }, (_, i) => ({
        partition,
        key: `order-${partition}-${i}`,
        value: JSON.stringify({ orderId: `o-${partition}-${i}`, total: i * 10 }),
        timestamp: String(BASE + i * 1000 + partition * 500),
      })),
    });
  }
  await producer.disconnect();

  const messages = new MessagesPage(page);
  // All partitions, newest 20 by time: offsets 50–59 of both.
  await messages.open(source, 'limit=20');
  await expect(messages.rows()).toHaveCount(20);
  await messages.pick(1, 52);
  await messages.pick(0, 55);
  await expect(messages.replaySelected()).toHaveText('Replay selected (2)');
  await expect(messages.detail()).toHaveCount(0); // ticking does not open the record

  // On to partition 0 and its older page: the ticks stay and count on.
  await page.getByTestId('partition-select').selectOption('0');
  await page.getByTestId('messages-go').click();
  await expect(messages.summary()).toContainText('Offsets 40–59 of partition 0');
  await expect(messages.row(0, 55).getByTestId('pick-record')).toBeChecked();
  await messages.older().click();
  await expect(messages.summary()).toContainText('Offsets 20–39 of partition 0');
  await messages.pick(0, 31);
  await messages.pick(0, 22);
  await messages.pick(0, 22, false);
  await expect(messages.replaySelected()).toHaveText('Replay selected (3)');
  await page.screenshot({ path: 'screenshots/replay-picked-rows.png', fullPage: true });

  await messages.replaySelected().click();
  const replay = new ReplayPages(page);
  await expect(replay.dialog()).toContainText('The 3 records ticked, oldest first.');
  await page.getByTestId('replay-target-topic').fill(target);
  await page.getByTestId('replay-dry-run').click();
  await expect(page.getByTestId('replay-preview-matched')).toHaveText('3');
  await expect(page.getByTestId('replay-preview')).toContainText(`→ ${target}`);
  await page.screenshot({ path: 'screenshots/replay-picked-dry-run.png', fullPage: true });
  await replay.dryRunAndStart();
  await expect(page).toHaveURL(/\/replays\/[0-9a-f-]{36}$/);
  await expect(replay.state()).toHaveText('completed', { timeout: 30_000 });
  await expect(replay.sent()).toContainText('3');
  await page.screenshot({ path: 'screenshots/replay-picked-done.png', fullPage: true });

  // Exactly the ticked records, oldest first, each naming its source.
  const copies = (await (await page.request.get(`/api/topics/${encodeURIComponent(target)}/messages?partition=0&offset=0&limit=50`)).json()) as Records;
  const of = copies.records.map((r) => r.headers.find((h) => h.key === 'x-eventline-replay-of')?.value?.preview);
  expect(of).toEqual([`${source}/0/31`, `${source}/1/52`, `${source}/0/55`]);
});
