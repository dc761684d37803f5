import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import avro from 'avsc';
import protobuf from 'protobufjs';
import type { Admin, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageQuerySchema } from '../../lib/message-types';
import { createKafkaService, type KafkaService } from '../kafka';
import { freePort } from '../local-kafka/local-broker-ports';
import { testKafkaBrokers, uniqueName } from '../kafka/test-support/test-kafka';
import { startLocalRegistry, type LocalRegistry } from '../local-registry';
import { createLogger } from '../log/logger';
import { createMessageBrowser, type MessageBrowser } from '../messages';
import { createCatalog } from './index';
import { ORDER_AVRO, registerSchema, wireBytes } from './test-support/registry-fixtures';

// Payloads are built byte by byte as a Confluent serializer writes them (test-support/
// registry-fixtures.ts; Protobuf with its message-index 0).

const log = createLogger({ level: 'error' });
let dataDir: string;
let registry: LocalRegistry;
let kafka: KafkaService;
let admin: Admin;
let producer: Producer;
let browser: MessageBrowser;

const PAYMENT_PROTO = 'syntax = "proto3";\npackage shop;\nmessage PaymentTaken {\n  string order_id = 1;\n  int32 amount_cents = 2;\n  bool captured = 3;\n}\n';
const SHIPMENT_JSON = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: { orderId: { type: 'string' }, carrier: { type: 'string' } },
  required: ['orderId'],
};

const register = (subject: string, schemaType: 'AVRO' | 'PROTOBUF' | 'JSON', schema: string) => registerSchema(registry.url, subject, schemaType, schema);
const wire = (id: number, body: Buffer, protobufIndexes = false) => wireBytes(id, body, protobufIndexes ? [0] : []);

const newest = (topic: string) => browser.page(topic, messageQuerySchema.parse({ partition: '0' }));

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'eventline-test-registry-'));
  registry = await startLocalRegistry({ dataDir, port: 0, log: () => {} });
  kafka = createKafkaService({ brokers: testKafkaBrokers(), clientId: 'catalog-int-test' }, log);
  admin = kafka.client.admin();
  await admin.connect();
  producer = kafka.client.producer();
  await producer.connect();
  browser = createMessageBrowser({ kafka, schemaDecoder: createCatalog({ registry: { url: registry.url } }).decoder });
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await producer?.disconnect();
  await admin?.disconnect();
  await kafka?.close();
  await registry?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function topicWith(messages: { key?: Buffer | string; value: Buffer | string }[]) {
  const topic = uniqueName('registry');
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1, replicationFactor: 1 }] });
  await producer.send({ topic, messages: messages.map((m) => ({ ...m, partition: 0 })) });
  return topic;
}

describe('registry-encoded payloads in the message browser (local Apicurio Registry)', () => {
  it('decodes Avro values and keys, with subject and version beside them', async () => {
    const subject = uniqueName('orders-value');
    await register(subject, 'AVRO', JSON.stringify({ ...ORDER_AVRO, fields: ORDER_AVRO.fields.slice(0, 2) }));
    const id = await register(subject, 'AVRO', JSON.stringify(ORDER_AVRO)); // v2 adds a field
    const keyId = await register(uniqueName('orders-key'), 'AVRO', '"string"');
    const type = avro.Type.forSchema(ORDER_AVRO as avro.Schema);
    const topic = await topicWith([
      { key: wire(keyId, avro.Type.forSchema('string').toBuffer('o-1')), value: wire(id, type.toBuffer({ orderId: 'o-1', amountCents: 1250, note: 'gift' })) },
    ]);

    const [record] = (await newest(topic)).records;
    expect(record?.value?.kind).toBe('json');
    expect(record?.value?.schema).toEqual({ id, format: 'avro', subject, version: 2, name: 'shop.OrderPlaced' });
    expect(JSON.parse(record!.value!.preview)).toEqual({ orderId: 'o-1', amountCents: 1250, note: 'gift' });
    expect(record?.key?.schema?.format).toBe('avro');
    expect(JSON.parse(record!.key!.preview)).toBe('o-1');
  });

  it('decodes Protobuf values written with the message index', async () => {
    const subject = uniqueName('payments-value');
    const id = await register(subject, 'PROTOBUF', PAYMENT_PROTO);
    const PaymentTaken = protobuf.parse(PAYMENT_PROTO).root.lookupType('shop.PaymentTaken');
    const body = Buffer.from(PaymentTaken.encode(PaymentTaken.create({ orderId: 'o-2', amountCents: 990, captured: true })).finish());
    const topic = await topicWith([{ value: wire(id, body, true) }]);

    const [record] = (await newest(topic)).records;
    expect(record?.value?.schema).toEqual({ id, format: 'protobuf', subject, version: 1, name: 'shop.PaymentTaken' });
    expect(JSON.parse(record!.value!.preview)).toEqual({ orderId: 'o-2', amountCents: 990, captured: true });
  });

  it('decodes JSON Schema values', async () => {
    const subject = uniqueName('shipments-value');
    const id = await register(subject, 'JSON', JSON.stringify(SHIPMENT_JSON));
    const topic = await topicWith([{ value: wire(id, Buffer.from(JSON.stringify({ orderId: 'o-3', carrier: 'dhl' }))) }]);

    const [record] = (await newest(topic)).records;
    expect(record?.value?.schema).toEqual({ id, format: 'json', subject, version: 1, name: null });
    expect(JSON.parse(record!.value!.preview)).toEqual({ orderId: 'o-3', carrier: 'dhl' });
  });

  it('shows an unknown schema id and undecodable bytes as hex with the reason, and the rest of the page still decodes', async () => {
    const id = await register(uniqueName('mixed-value'), 'AVRO', JSON.stringify(ORDER_AVRO));
    const good = wire(id, avro.Type.forSchema(ORDER_AVRO as avro.Schema).toBuffer({ orderId: 'o-4', amountCents: 1, note: null }));
    const topic = await topicWith([
      { value: wire(987_654, Buffer.from('anything')) },
      { value: wire(id, Buffer.from([0xff, 0xff, 0xff])) }, // a string length that runs past the end
      { value: good },
      { value: '{"plain":"json"}' },
    ]);

    const [unknown, broken, decoded, plain] = (await newest(topic)).records;
    expect(unknown?.value?.kind).toBe('binary');
    expect(unknown?.value?.preview.startsWith('00 00 0f 12 06')).toBe(true);
    expect(unknown?.value?.schemaError).toEqual({ schemaId: 987_654, reason: expect.stringMatching(/schema id 987654 is not in the registry/) });
    expect(broken?.value?.kind).toBe('binary');
    expect(broken?.value?.schemaError?.reason).toMatch(new RegExp(`do not decode with avro schema id ${id}`));
    expect(decoded?.value?.schema?.id).toBe(id);
    expect(plain?.value?.kind).toBe('json');
    expect(plain?.value?.schema).toBeUndefined();
  });

  it('says when the registry is unreachable or none is configured, without failing the page', async () => {
    const id = await register(uniqueName('gone-value'), 'AVRO', '"string"');
    const topic = await topicWith([{ value: wire(id, avro.Type.forSchema('string').toBuffer('x')) }]);
    // A password written into the address stays out of the reason, which reaches the browser.
    const closed = `http://ops:s3cret-pw@127.0.0.1:${await freePort()}/apis/ccompat/v7`;
    const unreachable = createMessageBrowser({ kafka, schemaDecoder: createCatalog({ registry: { url: closed } }).decoder });
    const none = createMessageBrowser({ kafka });
    try {
      const [viaClosed] = (await unreachable.page(topic, messageQuerySchema.parse({ partition: '0' }))).records;
      expect(viaClosed?.value?.kind).toBe('binary');
      expect(viaClosed?.value?.schemaError?.reason).toMatch(/unreachable.*ECONNREFUSED/);
      expect(viaClosed?.value?.schemaError?.reason).not.toContain('s3cret-pw');
      const [viaNone] = (await none.page(topic, messageQuerySchema.parse({ partition: '0' }))).records;
      expect(viaNone?.value?.schemaError?.reason).toMatch(/no schema registry is configured: set SCHEMA_REGISTRY_URL/);
    } finally {
      await unreachable.close();
      await none.close();
    }
  });
});
