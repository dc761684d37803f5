// Registry-encoded records through the collector (the stored preview the trace drawer and
// the catalog read) against the local Apicurio Registry, a real broker and PGlite: Avro,
// Protobuf (a message other than the file's first, picked by its message indexes) and JSON
// Schema are stored as the JSON the message browser shows, with their schema; an unknown
// schema id, undecodable bytes and an unreachable registry leave the bytes with a reason,
// and collection goes on.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import avro from 'avsc';
import protobuf from 'protobufjs';
import type { Admin, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageQuerySchema } from '../../lib/message-types';
import type { PayloadSchema } from '../../lib/trace-types';
import { createCollector, createIdReader, defaultConventions, defaultLimits, extractEvent, type Collector } from '../collector';
import { createKafkaService, type KafkaService } from '../kafka';
import { freePort } from '../local-kafka/local-broker-ports';
import { testKafkaBrokers, uniqueName } from '../kafka/test-support/test-kafka';
import { startLocalRegistry, type LocalRegistry } from '../local-registry';
import { createLogger } from '../log/logger';
import { createMessageBrowser, type MessageBrowser } from '../messages';
import { createDatabase, type Database } from '../store';
import { createScratch, type Scratch } from '../store/test-support/scratch-databases';
import { createReplayService } from '../replay';
import { createTraceQueries } from '../traces/trace-queries';
import { replayRequestSchema } from '../../lib/replay-types';
import { createCatalog, createStoredPayloadDecoder } from './index';
import { ORDER_AVRO, registerSchema, wireBytes } from './test-support/registry-fixtures';

const log = createLogger({ level: 'error' });
const ns = uniqueName('wire').replace(/-/g, '_');
let dataDir: string;
let registry: LocalRegistry;
let scratch: Scratch;
let db: Database;
let kafka: KafkaService;
let admin: Admin;
let producer: Producer;
let collector: Collector;
let browser: MessageBrowser;

// Three top-level messages and a nested one: records of the second and third, and of the
// nested one, must not be read as the first.
const BILLING_PROTO = `syntax = "proto3";
package shop.billing;
message Money {
  int64 cents = 1;
  string currency = 2;
}
message InvoiceIssued {
  message Line {
    string sku = 1;
    int32 quantity = 2;
  }
  enum Status {
    OPEN = 0;
    PAID = 1;
  }
  string order_id = 1;
  Money total = 2;
  repeated Line lines = 3;
  Status status = 4;
}
message RefundIssued {
  string order_id = 1;
  int64 cents = 2;
  bool partial = 3;
}
`;
const SHIPMENT_JSON = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'ShipmentBooked',
  type: 'object',
  properties: { orderId: { type: 'string' }, carrier: { type: 'string' }, correlationId: { type: 'string' } },
};

const register = (subject: string, schemaType: 'AVRO' | 'PROTOBUF' | 'JSON', schema: string) => registerSchema(registry.url, subject, schemaType, schema);
const wire = wireBytes;

type StoredRow = {
  id: string;
  key: string | null;
  event_type: string | null;
  event_version: string | null;
  correlation_id: string | null;
  id_sources: Record<string, string>;
  payload_encoding: string;
  payload_preview: string | null;
  payload_schema: PayloadSchema | null;
  problems: string[];
  size: number;
};

async function storedOf(topic: string, n: number): Promise<StoredRow[]> {
  const read = async () =>
    (
      await db.sql.query<StoredRow>(
        `SELECT id::text, key, event_type, event_version, correlation_id, id_sources, payload_encoding, payload_preview, payload_schema, problems, size
           FROM events WHERE topic = $1 ORDER BY "offset"`,
        [topic],
      )
    ).rows;
  await expect.poll(async () => (await read()).length, { timeout: 30_000, interval: 200 }).toBe(n);
  return read();
}

async function newTopic(suffix: string): Promise<string> {
  const topic = `${ns}.${suffix}`;
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1, replicationFactor: 1 }] });
  return topic;
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'eventline-test-wire-'));
  registry = await startLocalRegistry({ dataDir, port: 0, log: () => {} });
  scratch = await createScratch('pglite', 'wire');
  db = await createDatabase(scratch.config);
  kafka = createKafkaService({ brokers: testKafkaBrokers(), clientId: 'wire-int-test' }, log);
  admin = kafka.client.admin();
  await admin.connect();
  producer = kafka.client.producer();
  await producer.connect();
  const { decoder } = createCatalog({ registry: { url: registry.url } });
  browser = createMessageBrowser({ kafka, schemaDecoder: decoder });
  collector = createCollector({
    kafka,
    sql: db.sql,
    log,
    payloads: createStoredPayloadDecoder(decoder),
    options: { include: [new RegExp(`^${ns}\\.`)], groupId: uniqueName('wire-collector'), topicRefreshMs: 500, maxWaitTimeInMs: 200 },
  });
  await collector.start();
}, 300_000);

afterAll(async () => {
  await collector?.stop();
  await browser?.close();
  await Promise.allSettled([producer?.disconnect(), admin?.disconnect()]);
  await kafka?.close();
  await db?.close();
  await scratch?.drop();
  await registry?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** What the message browser shows of each record's value, parsed. */
async function browsed(topic: string): Promise<unknown[]> {
  const page = await browser.page(topic, messageQuerySchema.parse({ partition: '0' }));
  return page.records.map((r) => JSON.parse(r.value!.preview) as unknown);
}

describe('registry-encoded records in stored trace events (collector path)', () => {
  it('stores Avro, Protobuf and JSON Schema values as the JSON the message browser shows, with subject, version and type', async () => {
    const topic = await newTopic('mixed');
    const orderSubject = uniqueName('orders-value');
    await register(orderSubject, 'AVRO', JSON.stringify({ ...ORDER_AVRO, fields: ORDER_AVRO.fields.slice(0, 1) }));
    const orderId = await register(orderSubject, 'AVRO', JSON.stringify(ORDER_AVRO)); // v2
    const keyId = await register(uniqueName('orders-key'), 'AVRO', '"string"');
    const billingSubject = uniqueName('billing-value');
    const billingId = await register(billingSubject, 'PROTOBUF', BILLING_PROTO);
    const shipmentSubject = uniqueName('shipments-value');
    const shipmentId = await register(shipmentSubject, 'JSON', JSON.stringify(SHIPMENT_JSON));

    const root = protobuf.parse(BILLING_PROTO).root;
    const Invoice = root.lookupType('shop.billing.InvoiceIssued');
    const Refund = root.lookupType('shop.billing.RefundIssued');
    const Line = root.lookupType('shop.billing.InvoiceIssued.Line');
    const invoice = Invoice.encode(Invoice.create({ orderId: 'o-7', total: { cents: 4200, currency: 'EUR' }, lines: [{ sku: 'tea', quantity: 2 }], status: 1 })).finish();
    const refund = Refund.encode(Refund.create({ orderId: 'o-7', cents: 500 })).finish();
    const line = Line.encode(Line.create({ sku: 'cup', quantity: 1 })).finish();
    const journey = 'c0ffee00c0ffee00c0ffee00c0ffee00';
    await producer.send({
      topic,
      messages: [
        {
          key: wire(keyId, avro.Type.forSchema('string').toBuffer('o-7')),
          value: wire(orderId, avro.Type.forSchema(ORDER_AVRO as avro.Schema).toBuffer({ orderId: 'o-7', amountCents: 4200, note: null })),
          headers: { 'x-correlation-id': journey },
        },
        { value: wire(billingId, invoice, [2, 2]), headers: { 'x-correlation-id': journey } }, // [1]: InvoiceIssued
        { value: wire(billingId, refund, [2, 4]), headers: { 'x-event-type': 'billing.Refund' } }, // [2]: RefundIssued, type by header
        { value: wire(billingId, line, [4, 2, 0]) }, // [1, 0]: InvoiceIssued.Line
        { value: wire(shipmentId, Buffer.from(JSON.stringify({ orderId: 'o-7', carrier: 'dhl', correlationId: journey }))) },
      ].map((m) => ({ ...m, partition: 0 })),
    });

    const [order, inv, ref, ln, ship] = await storedOf(topic, 5);
    // The message browser and the store agree, record by record.
    const shown = await browsed(topic);
    expect([order, inv, ref, ln, ship].map((r) => JSON.parse(r!.payload_preview!))).toEqual(shown);

    expect(order).toMatchObject({
      key: 'o-7',
      payload_encoding: 'json',
      problems: [],
      event_type: 'shop.OrderPlaced',
      event_version: '2',
      correlation_id: journey,
      id_sources: { eventType: 'schema-registry', eventVersion: 'schema-registry', correlationId: 'eventline-headers' },
      payload_schema: {
        value: { id: orderId, format: 'avro', subject: orderSubject, version: 2, name: 'shop.OrderPlaced' },
        key: { id: keyId, format: 'avro', version: 1, name: null },
      },
    });
    expect(JSON.parse(order!.payload_preview!)).toEqual({ orderId: 'o-7', amountCents: 4200, note: null });
    expect(order!.size).toBe(5 + 1 + 3 + (5 + 1 + 3 + 2 + 1)); // the wire bytes of key and value, not the JSON

    expect(inv).toMatchObject({ event_type: 'shop.billing.InvoiceIssued', event_version: '1', payload_schema: { value: { format: 'protobuf', subject: billingSubject, name: 'shop.billing.InvoiceIssued' } } });
    expect(JSON.parse(inv!.payload_preview!)).toEqual({ orderId: 'o-7', total: { cents: '4200', currency: 'EUR' }, lines: [{ sku: 'tea', quantity: 2 }], status: 'PAID' });
    expect(ref).toMatchObject({ event_type: 'billing.Refund', event_version: '1', id_sources: { eventType: 'eventline-headers', eventVersion: 'schema-registry' } });
    expect(JSON.parse(ref!.payload_preview!)).toEqual({ orderId: 'o-7', cents: '500', partial: false });
    expect(ln).toMatchObject({ event_type: 'shop.billing.InvoiceIssued.Line' });
    expect(JSON.parse(ln!.payload_preview!)).toEqual({ sku: 'cup', quantity: 1 });
    // A correlation id inside the decoded body is read as from any JSON payload.
    expect(ship).toMatchObject({ event_type: 'ShipmentBooked', event_version: '1', correlation_id: journey, payload_schema: { value: { format: 'json', subject: shipmentSubject } } });

    // The trace event drawer's API says the same.
    const detail = await createTraceQueries(db.sql).event(order!.id);
    expect(detail).toMatchObject({ payloadEncoding: 'json', payloadSchema: { value: { subject: orderSubject, version: 2 } } });
    const trace = await createTraceQueries(db.sql).trace(journey);
    expect(trace?.events.map((e) => e.eventType).sort()).toEqual(['ShipmentBooked', 'shop.OrderPlaced', 'shop.billing.InvoiceIssued']);
  });

  it('keeps an unknown schema id and undecodable bytes as base64 with the reason, and goes on collecting', async () => {
    const topic = await newTopic('broken');
    const id = await register(uniqueName('broken-value'), 'AVRO', JSON.stringify(ORDER_AVRO));
    await producer.send({
      topic,
      messages: [
        { value: wire(987_654, Buffer.from('anything')) },
        { value: wire(id, Buffer.from([0xff, 0xff, 0xff])) }, // a string length that runs past the end
        { value: JSON.stringify({ id: 'after-the-broken-ones', correlationId: 'wire-ok' }) },
      ].map((m) => ({ ...m, partition: 0 })),
    });
    const [unknown, broken, plain] = await storedOf(topic, 3);
    expect(unknown).toMatchObject({ payload_encoding: 'base64', problems: expect.arrayContaining(['schema_undecoded']) });
    expect(Buffer.from(unknown!.payload_preview!, 'base64').subarray(5).toString()).toBe('anything');
    expect(unknown!.payload_schema).toEqual({ value: { id: 987_654, error: expect.stringMatching(/schema id 987654 is not in the registry/) } });
    expect(broken!.payload_schema?.value).toEqual({ id, error: expect.stringMatching(new RegExp(`do not decode with avro schema id ${id}`)) });
    expect(broken!.problems).toContain('schema_undecoded');
    expect(plain).toMatchObject({ payload_encoding: 'json', payload_schema: null, problems: [] });
    expect(collector.stats()).toMatchObject({ running: true, problems: expect.objectContaining({ schema_undecoded: 2 }) });
  });

  it('shows a replay dry run\'s sample decoded, with its schema, and an unknown id as hex with the reason', async () => {
    const topic = await newTopic('replayed');
    const subject = uniqueName('replayed-value');
    // Its own text: a registry gives one id to one schema text whatever the subject, and names the first subject.
    const id = await register(subject, 'AVRO', JSON.stringify({ ...ORDER_AVRO, doc: 'replayed' }));
    const good = wire(id, avro.Type.forSchema(ORDER_AVRO as avro.Schema).toBuffer({ orderId: 'o-9', amountCents: 1, note: null }));
    await producer.send({ topic, messages: [{ value: good }, { value: wire(987_655, Buffer.from('x')) }].map((m) => ({ ...m, partition: 0 })) });
    const replay = createReplayService({ prisma: db.prisma, kafka, log, schemaDecoder: createCatalog({ registry: { url: registry.url } }).decoder });
    try {
      const preview = await replay.preview(replayRequestSchema.parse({ selection: { kind: 'range', topic }, target: { kind: 'topic', topic } }));
      const [decoded, unknown] = preview.sample;
      expect(JSON.parse(decoded!.value!)).toEqual({ orderId: 'o-9', amountCents: 1, note: null });
      expect(decoded!.schema).toEqual({ value: { id, format: 'avro', subject, version: 1, name: 'shop.OrderPlaced' } });
      expect(unknown!.value).toBe('00 00 0f 12 07 78');
      expect(unknown!.schema?.value).toEqual({ id: 987_655, error: expect.stringMatching(/not in the registry/) });
    } finally {
      await replay.close();
    }
  });

  it('stores the bytes with the reason when the registry is unreachable, and asks it again only after a while', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/apis/ccompat/v7`;
    const hook = createStoredPayloadDecoder(createCatalog({ registry: { url: closed } }).decoder);
    const ids = createIdReader(defaultConventions);
    const record = (value: Buffer | string, offset: number) => ({
      topic: 't',
      partition: 0,
      offset: String(offset),
      timestamp: String(Date.now()),
      key: null,
      value: Buffer.from(value),
      headers: {},
    });
    const batch = [record(wire(3, Buffer.from([2, 0x61])), 0), record('{"id":"plain"}', 1), record(wire(4, Buffer.from([2, 0x62])), 2)];
    const rows = await hook.extract(batch, (r) => extractEvent(r, ids, defaultLimits));
    expect(rows.map((r) => r.payloadEncoding)).toEqual(['base64', 'json', 'base64']);
    expect(rows[0]!.payloadSchema?.value).toEqual({ id: 3, error: expect.stringMatching(/unreachable \(ECONNREFUSED\)/) });
    expect(rows[2]!.problems).toContain('schema_undecoded');
    // Within the back-off, any id fails at once with the same reason: no second connection attempt.
    const again = await hook.extract([record(wire(5, Buffer.from([2, 0x63])), 3)], (r) => extractEvent(r, ids, defaultLimits));
    expect(again[0]!.payloadSchema?.value).toEqual({ id: 5, error: (rows[0]!.payloadSchema!.value as { error: string }).error });
  });
});
