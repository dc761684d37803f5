import { expect, test, type Page } from '@playwright/test';
import type { Producer } from 'kafkajs';
import { E2E_ADMIN_PASSWORD } from '../../playwright.config';
import type { CatalogView } from '../../lib/catalog-types';
import { CatalogPage } from '../pages/catalog-page';
import { LoginPage } from '../pages/login-page';
import { MessagesPage } from '../pages/messages-page';
import { WallPage } from '../pages/wall-page';
import { kafkaOfServer, uniqueName } from '../support/kafka-from-health';
import { apiSession } from '../support/spawn-server';
import { LIST_TTL_MS } from '../../server/catalog/registry-client';

// The catalog on the demo shop that playwright.config.ts's server runs, plus one type of
// this test's own, sent to a topic of its own, whose shape drifts and whose registered
// schema (in the local registry the server started) differs from the wire.
test.describe.configure({ mode: 'serial', timeout: 150_000 });

const DESKTOP = { width: 1440, height: 900 };
const PARCEL = `e2e.Parcel${Date.now().toString(36)}`;
const PARCEL_TOPIC = uniqueName('e2e-parcels');

test.beforeEach(async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  const login = new LoginPage(page);
  await login.open();
  await login.signIn('admin', E2E_ADMIN_PASSWORD);
  await expect(page).not.toHaveURL(/\/login/, { timeout: 30_000 });
});

async function catalogView(page: Page): Promise<CatalogView> {
  return (await (await page.request.get('/api/catalog')).json()) as CatalogView;
}

test('the demo shop’s types show under one name across versions, with producers, consumers, topics and counts', async ({ page }) => {
  const catalog = new CatalogPage(page);
  await catalog.open();
  // The catalog job folds the collected events every few seconds; the page refetches every 10 s.
  const v1 = catalog.row('shop.OrderPlaced.v1', '1');
  const v2 = catalog.row('shop.OrderPlaced.v2', '2');
  await expect(v1).toBeVisible({ timeout: 60_000 });
  await expect(v2).toBeVisible({ timeout: 30_000 });
  await expect(v1).toHaveAttribute('data-family', 'shop.OrderPlaced');
  await expect(v2).toHaveAttribute('data-family', 'shop.OrderPlaced');
  await expect(v1).toContainText('order-service');
  await expect(v1).toContainText('orders');
  // Consumers come from the groups reading the type's topics; Eventline's own are left out.
  await expect(v1.locator('[data-testid="catalog-consumer"][data-group="payment-service"]')).toBeVisible({ timeout: 30_000 });
  await expect(v1.locator('[data-testid="catalog-consumer"][data-group="eventline-collector"]')).toHaveCount(0);
  await expect(page.getByTestId('registry-status')).toBeVisible();
  await page.screenshot({ path: 'screenshots/catalog.png', fullPage: true });
});

test('a type’s page: producers with rates, consumers, a sample linked to its trace and record, the observed shape, v1 beside v2', async ({ page }) => {
  const catalog = new CatalogPage(page);
  await catalog.openEntry('shop.OrderPlaced.v2', '2');
  await expect(catalog.producer('order-service')).toHaveAttribute('data-still', 'true', { timeout: 30_000 });
  await expect(catalog.consumer('payment-service')).toBeVisible();
  await expect(catalog.shapeField('orderId')).toContainText('100%');
  await expect(catalog.shapeField('channel')).toContainText('string');
  // A payment token is never shown as an example.
  await expect(catalog.shapeField('paymentToken')).toContainText('••••');
  // The demo's JSON types have no subject: the panel says what it looked for, or why there is no registry.
  await expect(catalog.registered()).toHaveAttribute('data-state', 'none');

  // Versions side by side: v2 adds the sales channel; order-service still sends v1 (most of its producers do).
  const compare = page.getByTestId('version-compare');
  await expect(compare).toBeVisible();
  await expect(catalog.diffRow('channel')).toHaveAttribute('data-change', 'added');
  await expect(page.getByTestId('diff-summary')).toContainText('v1 → v2: 1 added · 0 removed');
  await expect(catalog.producer('order-service', 'producer-rates-from')).toHaveAttribute('data-still', 'true');
  await page.screenshot({ path: 'screenshots/catalog-type-v2.png', fullPage: true });

  // The sample event: its trace opens with the event's drawer, its record is highlighted in the browser.
  const sample = page.getByTestId('entry-sample');
  const eventId = await sample.getByTestId('event-links').getAttribute('data-event');
  await sample.getByTestId('event-trace-link').click();
  await expect(page).toHaveURL(new RegExp(`/traces/.+\\?event=${eventId}$`));
  await expect(page.getByTestId('event-drawer')).toBeVisible({ timeout: 20_000 });
  await page.goBack();
  await page.getByTestId('entry-sample').getByTestId('event-record-link').click();
  await expect(new MessagesPage(page).highlighted()).toHaveCount(1, { timeout: 20_000 });
});

test.describe('a type of the test’s own', () => {
  let producer: Producer | null = null;

  test.afterAll(async () => {
    await producer?.disconnect();
  });

  test('drift links to the first event that showed it; the registered schema sits beside the observed shape; the list filters', async ({ page }) => {
    test.setTimeout(240_000);
    const catalog = new CatalogPage(page);
    // The local registry starts beside the server: register the topic's value schema (TopicNameStrategy).
    await expect.poll(async () => (await catalogView(page)).registry.state, { timeout: 150_000, intervals: [2_000] }).toBe('ready');
    const registryUrl = (await catalogView(page)).registry.url!;
    const schema = {
      type: 'object',
      required: ['type', 'version', 'parcelId', 'weight', 'label'],
      properties: { type: { type: 'string' }, version: { type: 'integer' }, id: { type: 'string' }, correlationId: { type: 'string' }, parcelId: { type: 'string' }, weight: { type: 'number' }, label: { type: 'string' } },
    };
    const registered = await fetch(`${registryUrl}/subjects/${PARCEL_TOPIC}-value/versions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json' },
      body: JSON.stringify({ schemaType: 'JSON', schema: JSON.stringify(schema) }),
    });
    expect(registered.status).toBe(200);

    const kafka = await kafkaOfServer(page.request);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: PARCEL_TOPIC, numPartitions: 1 }] });
    await admin.disconnect();
    producer = kafka.producer();
    await producer.connect();
    // 22 parcels settle the shape; then one brings a new field and one a string weight.
    const parcel = (i: number, extra: Record<string, unknown> = {}) => ({
      value: JSON.stringify({ type: PARCEL, version: 1, id: `p-${i}`, correlationId: `parcel-${PARCEL}-${i}`, parcelId: `P${i}`, weight: 1.5 + i, ...extra }),
    });
    await producer.send({ topic: PARCEL_TOPIC, messages: Array.from({ length: 22 }, (_, i) => parcel(i)) });
    await producer.send({ topic: PARCEL_TOPIC, messages: [parcel(22, { fragile: true }), parcel(23, { weight: '2kg' })] });

    await catalog.openDrift(new URLSearchParams({ type: PARCEL }).toString());
    const fragile = catalog.driftRow('added', 'fragile');
    await expect(fragile).toBeVisible({ timeout: 90_000 });
    await expect(catalog.driftRow('type-changed', 'weight')).toBeVisible();
    // The registry's view of the same wire: a field it lacks, a type it does not allow, a required field never sent.
    // The server reads the registry's subject list again only after LIST_TTL_MS, and the page refetches every 10 s:
    // a list read just before the schema was registered shows it up to 40 s later.
    await expect(catalog.driftRow('not-in-schema', 'fragile')).toBeVisible({ timeout: LIST_TTL_MS + 30_000 });
    await expect(catalog.driftRow('schema-type-mismatch', 'weight')).toBeVisible();
    await expect(catalog.driftRow('missing-from-wire', 'label')).toBeVisible();
    // A type off the schema links to the first event that sent that type, not the field's first.
    await expect(catalog.driftRow('schema-type-mismatch', 'weight').getByTestId('event-record-link')).toHaveAttribute('href', /offset=23$/);
    await page.screenshot({ path: 'screenshots/catalog-drift.png', fullPage: true });

    // Filters: by kind, and by field.
    await page.getByTestId('drift-filter-kind').selectOption('added');
    await expect(catalog.driftRows()).toHaveCount(1);
    await expect(page).toHaveURL(/kind=added/);
    await page.getByTestId('drift-filter-kind').selectOption('');
    await page.getByTestId('drift-filter-path').fill('weig');
    await expect(catalog.driftRows()).toHaveCount(2);

    // The first event that showed "fragile": its trace, with that event open, and its record.
    await page.getByTestId('drift-filter-path').fill('fragile');
    const row = catalog.driftRow('added', 'fragile');
    await row.getByTestId('event-trace-link').click();
    await expect(page).toHaveURL(new RegExp(`/traces/parcel-${PARCEL}-22\\?event=\\d+$`));
    await expect(page.getByTestId('event-drawer')).toBeVisible({ timeout: 20_000 });
    await page.goBack();
    await catalog.driftRow('added', 'fragile').getByTestId('event-record-link').click();
    const messages = new MessagesPage(page);
    await expect(messages.highlighted()).toHaveCount(1, { timeout: 20_000 });
    await expect(messages.highlighted()).toHaveAttribute('data-offset', '22');

    // The type's page: the observed shape beside the registered schema, fields off it marked.
    await catalog.openEntry(PARCEL, '1');
    await expect(catalog.registered()).toHaveAttribute('data-subject', `${PARCEL_TOPIC}-value`, { timeout: 30_000 });
    await expect(catalog.schemaDiff('not-in-schema', 'fragile').getByTestId('event-trace-link')).toBeVisible();
    await expect(catalog.schemaDiff('missing-from-wire', 'label')).toBeVisible();
    await expect(catalog.shapeField('fragile')).toHaveAttribute('data-mark', 'not-in-schema');
    await expect(catalog.shapeField('weight')).toHaveAttribute('data-mark', 'type-off-schema');
    await expect(page.getByTestId('schema-versions')).toContainText('v1');
    await page.screenshot({ path: 'screenshots/catalog-registered-schema.png', fullPage: true });
  });

  test('the wall’s drift board shows recent drift and the worst types to a display allowed it, and nothing else', async ({ page, baseURL }) => {
    const admin = await apiSession(baseURL!, 'admin', E2E_ADMIN_PASSWORD);
    const res = await admin.write('/api/displays', { name: `E2E drift ${Date.now()}`, boards: ['drift'] });
    expect(res.status).toBe(201);
    const { token } = (await res.json()) as { token: string };
    await page.context().clearCookies();
    await page.setViewportSize({ width: 1920, height: 1080 });
    const wall = new WallPage(page);
    await wall.openWithToken(baseURL!, token, 'boards=drift');
    await expect(wall.board('drift')).toBeVisible();
    await expect(page.locator(`[data-testid="wall-drift-type"][data-type="${PARCEL}"]`)).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('wall-drift-hour')).toHaveAttribute('data-bad', 'true');
    await expect(page.getByTestId('wall-drift-registry')).not.toContainText('—');
    // Names and counts only: no example value reaches the display.
    await expect(wall.board('drift')).not.toContainText('2kg');
    await expect(wall.main()).toHaveAttribute('data-stale', 'false');
    await page.screenshot({ path: 'screenshots/wall-drift-1080p.png' });
    // The display reads the wall's drift, never the catalog.
    expect((await page.request.get('/api/wall/drift')).status()).toBe(200);
    expect((await page.request.get('/api/catalog')).status()).toBe(403);
    expect((await page.request.get('/api/catalog/drift')).status()).toBe(403);
  });
});
