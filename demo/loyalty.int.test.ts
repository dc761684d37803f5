// loyalty-service against a real broker and the project's local schema registry (Apicurio):
// its records are Avro in the Confluent wire format under the registry's v1 schema, carry
// the order's correlation id, and switch to v2 when the knob says so. Decoded here with
// Eventline's own registry decoder, as the collector and the message browser decode them.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalog, type SchemaDecoder } from '../server/catalog';
import { testKafkaBrokers, uniqueName } from '../server/kafka/test-support/test-kafka';
import { startLocalRegistry, type LocalRegistry } from '../server/local-registry';
import { startDemo, type DemoSystem } from './index';
import { createKafka } from './lib/kafka';
import { TopicTap, waitFor, type TappedRecord } from './test-support/topic-tap';

let dataDir: string;
let registry: LocalRegistry;
let decoder: SchemaDecoder;
let demo: DemoSystem;
let tap: TopicTap;
let admin: Admin;
const logs: string[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'eventline-test-demo-registry-'));
  registry = await startLocalRegistry({ dataDir, port: 0, log: () => {} });
  decoder = createCatalog({ registry: { url: registry.url } }).decoder!;
  const brokers = testKafkaBrokers();
  // The registry arrives a moment after the shop, as the console's local one does.
  const later = new Promise<{ url: string }>((resolve) => setTimeout(() => resolve({ url: registry.url }), 500));
  demo = await startDemo({
    brokers,
    namespace: uniqueName('loyal'),
    rate: 0,
    services: ['order-service', 'payment-service', 'inventory-service', 'shipping-service', 'loyalty-service'],
    schemaRegistry: later,
    log: (line) => logs.push(line),
    behaviour: { poisonRate: 0, resendRate: 0, transientFailureRate: 0, declineRate: 0, outOfStockRate: 0, loyaltyV2AfterMs: 3_600_000 },
  });
  tap = await TopicTap.start(brokers, [demo.topics.loyalty]);
  admin = createKafka({ brokers, clientId: 'loyalty-int-test', log: () => {} }).admin();
  await admin.connect();
}, 300_000);

afterAll(async () => {
  await Promise.allSettled([demo?.stop(), tap?.stop(), admin?.disconnect()]);
  await registry?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** The award of one order, once loyalty-service has written it. */
const awardOf = (orderId: string): Promise<TappedRecord> => waitFor(`the loyalty award of ${orderId}`, () => tap.find(demo.topics.loyalty, orderId)[0], 60_000);

describe('loyalty-service (Avro through the schema registry)', () => {
  it('writes v1 in the wire format with the order correlation id, then v2 after the switch', async () => {
    await waitFor('loyalty-service to run', () => demo.stats().services['loyalty-service']?.state === 'running', 60_000);
    const first = await demo.placeOrder();
    const v1 = await awardOf(first.orderId);
    expect(v1.bytes?.[0]).toBe(0); // magic byte
    expect(v1.headers['x-correlation-id']).toBe(first.correlationId);
    expect(v1.headers['x-causation-id']).toBeTruthy();
    expect(v1.headers.ce_type).toBeUndefined(); // the registry says what the event is
    const decoded1 = await decoder.decode(v1.bytes!);
    expect(decoded1).toMatchObject({
      ok: true,
      schema: { format: 'avro', subject: `${demo.topics.loyalty}-value`, version: 1, name: 'shop.loyalty.LoyaltyPointsAwarded' },
      value: { orderId: first.orderId, shipmentId: `shp-${first.orderId}`, points: expect.any(Number) },
    });
    expect((decoded1 as { value: object }).value).not.toHaveProperty('tier');

    demo.knobs.setBehaviour({ loyaltyV2AfterMs: 0 });
    const second = await demo.placeOrder();
    const v2 = await awardOf(second.orderId);
    const decoded2 = await decoder.decode(v2.bytes!);
    expect(decoded2).toMatchObject({ ok: true, schema: { subject: `${demo.topics.loyalty}-value`, version: 2 }, value: { orderId: second.orderId } });
    expect(['STANDARD', 'SILVER', 'GOLD']).toContain((decoded2 as { value: { tier: string } }).value.tier);
    expect(demo.stats().services['loyalty-service']).toMatchObject({ schemaVersion: 2 });
    expect(logs.join('\n')).toMatch(/writing LoyaltyPointsAwarded v2 now/);
  });

  it('sits out with a log line when no registry is configured, and the shop runs', async () => {
    const lines: string[] = [];
    const plain = await startDemo({ brokers: testKafkaBrokers(), namespace: uniqueName('noreg'), rate: 0, services: ['order-service', 'loyalty-service'], log: (l) => lines.push(l) });
    try {
      expect(plain.services).toEqual(['order-service']);
      expect(lines.join('\n')).toMatch(/loyalty-service skipped: no schema registry/);
      await plain.placeOrder();
    } finally {
      await plain.stop();
    }
  });
});
