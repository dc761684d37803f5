import { expect, test } from '@playwright/test';
import { E2E_ADMIN_PASSWORD } from '../../playwright.config';
import { CatalogPage } from '../pages/catalog-page';
import { LoginPage } from '../pages/login-page';
import { TracesPage } from '../pages/traces-page';

// The console starts a local schema registry beside its local Kafka, and the demo's
// loyalty-service writes Avro through it. Once it writes v2 of its schema, an order's
// trace holds an Avro event the drawer shows decoded, with its subject and version.
const LOYALTY_TYPE = 'shop.loyalty.LoyaltyPointsAwarded';

type TraceEventJson = { id: string; eventType: string | null; eventVersion: string | null };

test.beforeEach(async ({ page }) => {
  const login = new LoginPage(page);
  await login.open();
  await login.signIn('admin', E2E_ADMIN_PASSWORD);
  await expect(page).not.toHaveURL(/\/login/, { timeout: 30_000 });
});

test('a trace with an Avro event shows it decoded, with subject and version, in the drawer', async ({ page }) => {
  // The registry (a JVM) starts in the background after the console: give it time.
  test.setTimeout(240_000);
  const me = (await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string };
  const upgraded = await page.request.post('/api/demo/knobs', { headers: { 'x-csrf-token': me.csrfToken }, data: { action: 'upgradeLoyaltySchema' } });
  expect(upgraded.status()).toBe(200);

  // An order whose loyalty award was written with v2.
  let correlationId = '';
  await expect
    .poll(
      async () => {
        const res = await page.request.get(`/api/traces?type=${encodeURIComponent(LOYALTY_TYPE)}&limit=20`);
        const { traces } = (await res.json()) as { traces: { correlationId: string }[] };
        for (const t of traces) {
          const detail = (await (await page.request.get(`/api/traces/${t.correlationId}`)).json()) as { events: TraceEventJson[] };
          if (detail.events.some((e) => e.eventType === LOYALTY_TYPE && e.eventVersion === '2')) return (correlationId = t.correlationId);
        }
        return '';
      },
      { timeout: 200_000, intervals: [1000] },
    )
    .not.toBe('');

  const traces = new TracesPage(page);
  await page.goto(`/traces/${correlationId}`);
  await expect(page.getByTestId('trace-title')).toHaveText(correlationId);
  await expect(traces.treeRows().filter({ hasText: 'LoyaltyPointsAwarded' })).toHaveCount(1);
  await traces.treeRows().filter({ hasText: 'LoyaltyPointsAwarded' }).click();

  const schema = page.getByTestId('payload-schema');
  await expect(schema).toContainText('Avro · loyalty-value · v2');
  await expect(schema).toContainText(LOYALTY_TYPE);
  await expect(traces.drawer()).toContainText('Payload (Avro → JSON)');
  const payload = page.getByTestId('event-payload');
  await expect(payload).toContainText('"tier":');
  await expect(payload).toContainText('"points":');
  // The registry gave the type and version: the drawer says so.
  await expect(page.getByTestId('event-id-sources')).toContainText('type: schema-registry');
  await expect(page.getByTestId('event-version')).toHaveText('2');
  await page.screenshot({ path: 'screenshots/trace-drawer-avro.png', fullPage: true });
  await payload.scrollIntoViewIfNeeded();
  await traces.drawer().screenshot({ path: 'screenshots/trace-drawer-avro-payload.png' });
});

test('the catalog lists the Avro type under its registry versions, v1 beside v2, with its registered schema', async ({ page }) => {
  // Runs after the test above, which switched loyalty-service to v2.
  test.setTimeout(180_000);
  const catalog = new CatalogPage(page);
  await catalog.open();
  await expect(catalog.row(LOYALTY_TYPE, '1')).toBeVisible({ timeout: 120_000 });
  await expect(catalog.row(LOYALTY_TYPE, '2')).toBeVisible({ timeout: 60_000 });
  await expect(catalog.row(LOYALTY_TYPE, '2')).toContainText('loyalty-service');
  await page.screenshot({ path: 'screenshots/catalog-avro.png', fullPage: true });

  await catalog.openEntry(LOYALTY_TYPE, '2');
  // The observed shape is the decoded Avro record's, and the registry has its subject.
  await expect(catalog.shapeField('tier')).toContainText('100%', { timeout: 30_000 });
  await expect(catalog.registered()).toContainText('loyalty-value');
  await expect(catalog.diffRow('tier')).toHaveAttribute('data-change', 'added');
  // The catalog reads a subject's version list again every 30 s: then v2 is held against the wire, and tier is in it.
  await expect(catalog.registered()).toContainText('v2 held against the wire', { timeout: 60_000 });
  await expect(catalog.schemaDiff('not-in-schema', 'tier')).toHaveCount(0);
  await page.screenshot({ path: 'screenshots/catalog-avro-v2.png', fullPage: true });
});
