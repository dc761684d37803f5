// The registered schema beside the observed shape, against the project's local Apicurio
// Registry: subjects found by the topic and the record naming strategies, fields on the
// wire that the schema lacks (with the first event that had them), the registry's own
// compatibility verdict, and an unreachable or absent registry said plainly.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRegistry, type LocalRegistry } from '../local-registry';
import { freePort } from '../local-kafka/local-broker-ports';
import { createLogger } from '../log/logger';
import { createDatabase, type Database } from '../store';
import { createScratch, type Scratch } from '../store/test-support/scratch-databases';
import { foldNewEvents } from './catalog-job';
import { createEventCatalog } from './index';
import { PAGE_LIST_TTL_MS } from './registry-client';
import { eventWriter } from './test-support/insert-events';

const log = createLogger({ level: 'error' });
const NOW = Date.now();
let registry: LocalRegistry;
let dataDir: string;
let scratch: Scratch;
let db: Database;
const insert = eventWriter(() => db.sql, { t0: NOW - 60_000 });
let ids: string[] = [];

const ready = (url: string) => ({ settings: () => ({ url }), status: () => ({ state: 'ready' as const, url, reason: null }) });

async function call(method: 'POST' | 'PUT', p: string, body: unknown) {
  const res = await fetch(`${registry.url}${p}`, { method, headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json' }, body: JSON.stringify(body) });
  expect(res.status, p).toBe(200);
}

const ORDER_V1 = { type: 'record', name: 'OrderPlaced', namespace: 'shop', fields: [{ name: 'orderId', type: 'string' }, { name: 'amountCents', type: 'long' }] };
// v2 adds a field with no default: a reader on v2 cannot read v1 data, so not BACKWARD compatible.
const ORDER_V2 = { ...ORDER_V1, fields: [...ORDER_V1.fields, { name: 'currency', type: 'string' }] };
// Registered by a test after the catalog has read the subject list: the wire's `a` is not in it.
const LATE = { type: 'record', name: 'Unregistered', fields: [{ name: 'label', type: 'string' }] };
const PAYMENT = 'syntax = "proto3";\npackage shop;\nmessage PaymentTaken {\n  string order_id = 1;\n  int32 amount_cents = 2;\n}\n';

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'eventline-test-registry-view-'));
  [registry, scratch] = await Promise.all([startLocalRegistry({ dataDir, port: 0, log: () => {} }), createScratch('pglite', 'registry-view')]);
  db = await createDatabase(scratch.config);
  // The topic naming strategy for orders; the record naming strategy for payments.
  await call('POST', '/subjects/rv-orders-value/versions', { schema: JSON.stringify(ORDER_V1) });
  await call('POST', '/subjects/rv-orders-value/versions', { schema: JSON.stringify(ORDER_V2) });
  await call('PUT', '/config/rv-orders-value', { compatibility: 'BACKWARD' });
  await call('POST', '/subjects/rv.PaymentTaken/versions', { schemaType: 'PROTOBUF', schema: PAYMENT });
  ids = await insert([
    ...Array.from({ length: 3 }, (_, i) => ({ type: 'OrderPlaced', version: '2', topic: 'rv-orders', correlationId: `c${i}`, payload: { orderId: `o${i}`, amountCents: 100, currency: 'EUR' } })),
    { type: 'OrderPlaced', version: '2', topic: 'rv-orders', partition: 1, correlationId: 'c-coupon', payload: { orderId: 'o9', amountCents: '100', currency: 'EUR', coupon: { code: 'X' } } },
    { type: 'rv.PaymentTaken', version: '1', topic: 'payments', payload: { orderId: 'o1', amountCents: 100, captured: true } },
    { type: 'Unregistered', version: '1', topic: 'misc', payload: { a: 1 } },
  ]);
  await foldNewEvents(db.sql);
}, 300_000);
afterAll(async () => {
  await db?.close();
  await scratch?.drop();
  await registry?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the registered schema beside the observed shape (local Apicurio Registry)', () => {
  it('finds <topic>-value, compares the version named like the events’, and lists the wire against the schema', async () => {
    const catalog = createEventCatalog({ sql: db.sql, log, registry: ready(registry.url) });
    const d = await catalog.entry({ cluster: 'c1', type: 'OrderPlaced', version: '2' });
    const reg = d.registered!;
    expect(reg).toMatchObject({ subject: 'rv-orders-value', strategy: 'topic', format: 'avro', level: 'BACKWARD', compared: { version: 2 } });
    expect(reg.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(reg.comparison.onWireOnly).toEqual([{ path: 'coupon', types: ['object'], presence: 25, firstEventId: ids[3] }]);
    expect(reg.comparison.typeMismatches).toEqual([{ path: 'amountCents', wire: ['integer', 'string'], schema: ['integer'], firstEventId: ids[3] }]);
    expect(reg.comparison.matched).toBe(3);
    expect(reg.incompatible).toEqual([{ version: 2, previous: 1, messages: [expect.stringContaining('currency')] }]);
    expect(d.subjectsTried).toEqual(['OrderPlaced', 'rv-orders-OrderPlaced', 'rv-orders-value']);
  });

  it('finds a record-named Protobuf subject with protobufjs’s field names', async () => {
    const catalog = createEventCatalog({ sql: db.sql, log, registry: ready(registry.url) });
    const d = await catalog.entry({ cluster: 'c1', type: 'rv.PaymentTaken', version: '1' });
    expect(d.registered).toMatchObject({ subject: 'rv.PaymentTaken', strategy: 'record', format: 'protobuf', compared: { version: 1 } });
    expect(d.registered!.comparison.onWireOnly.map((w) => w.path)).toEqual(['captured']);
    expect(d.registered!.comparison.matched).toBe(2);
    expect((await catalog.entry({ cluster: 'c1', type: 'Unregistered', version: '1' })).registered).toBeNull();
  });

  it('lists the registry’s findings as drift, each field with the first event that showed it', async () => {
    const catalog = createEventCatalog({ sql: db.sql, log, registry: ready(registry.url) });
    const list = await catalog.drift({ limit: 100 });
    expect(list.registryStatus.state).toBe('ready');
    const kinds = list.registry.map((r) => [r.eventType, r.kind, r.path]).sort();
    expect(kinds).toEqual([
      ['OrderPlaced', 'incompatible', null],
      ['OrderPlaced', 'not-in-schema', 'coupon'],
      ['OrderPlaced', 'schema-type-mismatch', 'amountCents'],
      ['rv.PaymentTaken', 'not-in-schema', 'captured'],
    ]);
    const coupon = list.registry.find((r) => r.path === 'coupon')!;
    expect(coupon.event).toMatchObject({ id: ids[3], topic: 'rv-orders', partition: 1, correlationId: 'c-coupon' });
    expect((await catalog.drift({ kind: 'incompatible', limit: 100 })).registry).toHaveLength(1);
    expect((await catalog.read()).driftSummary.registry).toBe(4);
    expect(await catalog.metrics('k')).toContain('eventline_catalog_registry_findings{cluster_name="k",type="OrderPlaced",version="2",kind="not-in-schema"} 1');
  });

  it('shows a schema registered a moment ago on its type’s page at once, and the drift list after that page read', async () => {
    const catalog = createEventCatalog({ sql: db.sql, log, registry: ready(registry.url) });
    const key = { cluster: 'c1', type: 'Unregistered', version: '1' };
    const lateFindings = async () => (await catalog.drift({ limit: 100 })).registry.filter((r) => r.eventType === 'Unregistered').map((r) => [r.kind, r.path]);
    expect((await catalog.entry(key)).registered).toBeNull();
    expect(await lateFindings()).toEqual([]);
    await call('POST', '/subjects/misc-value/versions', { schema: JSON.stringify(LATE) });
    // The drift list reads the subject list it holds (LIST_TTL_MS); the type's page reads it again.
    expect(await lateFindings()).toEqual([]);
    await new Promise((r) => setTimeout(r, PAGE_LIST_TTL_MS + 50));
    expect((await catalog.entry(key)).registered).toMatchObject({ subject: 'misc-value', strategy: 'topic', compared: { version: 1 } });
    expect((await lateFindings()).sort()).toEqual([
      ['missing-from-wire', 'label'],
      ['not-in-schema', 'a'],
    ]);
  });

  it('says plainly when the registry cannot be reached, or none is configured', async () => {
    const url = `http://127.0.0.1:${await freePort()}/apis/ccompat/v7`;
    const down = createEventCatalog({ sql: db.sql, log, registry: ready(url) });
    const d = await down.entry({ cluster: 'c1', type: 'OrderPlaced', version: '2' });
    expect(d.registered).toBeNull();
    expect(d.registeredError).toMatch(/unreachable/);
    expect((await down.read()).registry).toMatchObject({ state: 'unreachable', reason: expect.stringMatching(/127\.0\.0\.1.*unreachable/) });

    const none = createEventCatalog({ sql: db.sql, log });
    expect((await none.read()).registry).toMatchObject({ state: 'none', reason: expect.stringMatching(/SCHEMA_REGISTRY_URL/) });
    expect((await none.drift({ limit: 10 })).registry).toEqual([]);
  });
});
