import { expect, test } from '@playwright/test';
import { E2E_ADMIN_PASSWORD } from '../../playwright.config';
import { LoginPage } from '../pages/login-page';
import { ReplayPages } from '../pages/replay-pages';
import { TracesPage } from '../pages/traces-page';
import { shippedOrderTrace } from '../support/shipped-order-trace';
import { demoKnob } from '../support/demo-knob';

test.beforeEach(async ({ page }) => {
  const login = new LoginPage(page);
  await login.open();
  await login.signIn('admin', E2E_ADMIN_PASSWORD);
  await expect(page).not.toHaveURL(/\/login/, { timeout: 30_000 });
});

interface Records {
  records: { headers: { key: string; value: { preview: string } | null }[] }[];
}

test("redrive the demo's payments.DLQ from its grouped view, back to the orders it came from", async ({ page }) => {
  test.setTimeout(180_000);
  // Poison payments fail four times (with back-off) and land in the dead-letter topic.
  // The demo's own rate is put back after: later specs (the wall's dead-letter edge) see it.
  const { knobs } = (await (await page.request.get('/api/demo')).json()) as { knobs: { poisonRate: number } };
  await demoKnob(page.request, { action: 'setPoisonRate', fraction: 0.5 });
  await expect
    .poll(
      async () => {
        const res = await page.request.get('/api/topics/payments.DLQ/dead-letters');
        if (res.status() !== 200) return 0;
        const body = (await res.json()) as { groups: { originalTopic: string | null; count: number }[] };
        return body.groups.find((g) => g.originalTopic === 'orders')?.count ?? 0;
      },
      { timeout: 90_000, intervals: [1000] },
    )
    .toBeGreaterThanOrEqual(8);
  await demoKnob(page.request, { action: 'setPoisonRate', fraction: knobs.poisonRate });

  const replay = new ReplayPages(page);
  await replay.openDeadLetters('payments.DLQ');
  const group = replay.deadLetterGroups().filter({ hasText: 'orders' }).first();
  await expect(group).toContainText('payment-service');
  await page.screenshot({ path: 'screenshots/dead-letters.png', fullPage: true });
  await group.getByTestId('redrive-group').click();
  await expect(page.getByTestId('replay-target-origin')).toBeChecked();
  await replay.setRate(3);
  await page.getByTestId('replay-dry-run').click();
  await expect(page.getByTestId('replay-preview')).toContainText('→ orders');
  await page.screenshot({ path: 'screenshots/redrive-dry-run.png', fullPage: true });
  await replay.dryRunAndStart();

  await expect(page).toHaveURL(/\/replays\/[0-9a-f-]{36}$/);
  const jobId = page.url().split('/').pop()!;
  // At 3 a second the bar moves visibly: catch it part way.
  await expect.poll(async () => Number(await replay.progress().getAttribute('aria-valuenow')), { timeout: 20_000 }).toBeGreaterThan(0);
  await page.screenshot({ path: 'screenshots/redrive-progress.png', fullPage: true });
  await expect(replay.state()).toHaveText('completed', { timeout: 60_000 });
  await expect(replay.progress()).toHaveAttribute('aria-valuenow', '100');
  // The server that ran it (host:pid:id) is named.
  await expect(page.getByTestId('replay-server')).toContainText(/:\d+:[0-9a-f]{8}, ran it last/);
  await page.screenshot({ path: 'screenshots/redrive-done.png', fullPage: true });

  // The copies are back in `orders`, marked with the job, without the dead-letter headers.
  // Read per partition, newest offsets: the copies keep their records' original timestamps,
  // so the all-partition page (newest by timestamp) can leave the oldest copies out.
  const cluster = (await (await page.request.get('/api/cluster')).json()) as { topics: { name: string; partitions: number }[] };
  const partitions = cluster.topics.find((t) => t.name === 'orders')?.partitions ?? 0;
  expect(partitions).toBeGreaterThan(0);
  const copies: Records['records'] = [];
  for (let p = 0; p < partitions; p++) {
    const back = (await (await page.request.get(`/api/topics/orders/messages?partition=${p}&limit=500`)).json()) as Records;
    copies.push(...back.records.filter((r) => r.headers.some((h) => h.key === 'x-eventline-replay-id' && h.value?.preview === jobId)));
  }
  const job = (await (await page.request.get(`/api/replays/${jobId}`)).json()) as { counts: { sent: number } };
  expect(job.counts.sent).toBeGreaterThanOrEqual(8);
  expect(copies.length).toBe(job.counts.sent);
  for (const c of copies) expect(c.headers.map((h) => h.key)).not.toContain('x-error');

  await page.goto('/replays');
  await expect(page.getByTestId('replays-table')).toContainText('payments.DLQ');
  await page.screenshot({ path: 'screenshots/replays.png', fullPage: true });
});

test('replay one trace from its page and see the ↺ copies appear in it', async ({ page }) => {
  test.setTimeout(120_000);
  const correlationId = await shippedOrderTrace(page);
  await page.goto(`/traces/${encodeURIComponent(correlationId)}`);
  const traces = new TracesPage(page);
  await expect(traces.treeRows().first()).toBeVisible();
  const before = await traces.treeRows().count();
  expect(before).toBeGreaterThanOrEqual(4);

  await page.getByTestId('replay-trace').click();
  await page.getByTestId('trace-replay-next').click();
  await expect(page.getByTestId('replay-target-source')).toBeChecked();
  const replay = new ReplayPages(page);
  await replay.dryRunAndStart();
  await expect(page).toHaveURL(/\/replays\//);
  await expect(replay.state()).toHaveText('completed', { timeout: 30_000 });

  await page.goto(`/traces/${encodeURIComponent(correlationId)}`);
  await expect(page.getByTestId('trace-replayed')).toContainText('by admin', { timeout: 30_000 });
  await expect.poll(async () => traces.treeRows().locator('[title^="replayed by Eventline"]').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(before);
  await page.screenshot({ path: 'screenshots/trace-replayed.png', fullPage: true });
});
