// What the collector's registry hook (server/catalog/stored-payload-decoder.ts) costs per
// record: the collector's extraction of demo-shop-like records in batches of 500, alone
// (the baseline) and through the hook — plain JSON (the hook only looks at one byte), and
// Avro and Protobuf values in the wire format, decoded through the local Apicurio Registry
// (schemas cached after the first batch). Ratios are against the baseline of the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import avro from 'avsc';
import protobuf from 'protobufjs';
import { createCatalog, createStoredPayloadDecoder } from '../../server/catalog';
import { createIdReader, defaultConventions, defaultLimits, extractEvent, type RawRecord } from '../../server/collector';
import { registerSchema, wireBytes } from '../../server/catalog/test-support/registry-fixtures';
import { startLocalRegistry } from '../../server/local-registry';
import { measure, type BenchContext, type Row, type Scenario } from '../bench-kit';

/** Records per variant, e.g. BENCH_PAYLOAD_RECORDS=200000 (the default). */
const RECORDS = Number(process.env.BENCH_PAYLOAD_RECORDS ?? 200_000);
const BATCH = 500;

const AVRO = {
  type: 'record',
  name: 'OrderPlaced',
  namespace: 'shop',
  fields: [
    { name: 'orderId', type: 'string' },
    { name: 'customerId', type: 'string' },
    { name: 'correlationId', type: 'string' },
    { name: 'lines', type: { type: 'array', items: { type: 'record', name: 'Line', fields: [{ name: 'sku', type: 'string' }, { name: 'quantity', type: 'int' }, { name: 'unitPrice', type: 'double' }] } } },
    { name: 'total', type: 'double' },
    { name: 'currency', type: 'string' },
  ],
};
const PROTO = `syntax = "proto3";
package shop;
message Line { string sku = 1; int32 quantity = 2; double unit_price = 3; }
message OrderPlaced { string order_id = 1; string customer_id = 2; string correlation_id = 3; repeated Line lines = 4; double total = 5; string currency = 6; }
`;

const order = (i: number) => ({
  orderId: `order-${i}`,
  customerId: `cust-${i % 5000}`,
  correlationId: (i * 2654435761).toString(16).padStart(32, '0').slice(-32),
  lines: Array.from({ length: 1 + (i % 3) }, (_, k) => ({ sku: `SKU-${(i + k) % 40}`, quantity: 1 + k, unitPrice: 9.5 + k })),
  total: 19.5 + (i % 100),
  currency: 'EUR',
});

const records = (value: (i: number) => Buffer): RawRecord[] =>
  Array.from({ length: RECORDS }, (_, i) => ({ topic: 'bench', partition: 0, offset: String(i), timestamp: String(Date.now()), key: Buffer.from(`order-${i}`), value: value(i), headers: {} }));

export const storedPayloadsScenario: Scenario = {
  name: 'stored-payloads',
  description: `the collector's extraction of ${RECORDS.toLocaleString('en')} records (batches of ${BATCH}) with and without the registry hook: plain JSON, Avro, Protobuf`,
  needsKafka: false,
  async run(ctx: BenchContext): Promise<Row[]> {
    const dataDir = mkdtempSync(join(tmpdir(), 'eventline-bench-registry-'));
    const registry = await startLocalRegistry({ dataDir, port: 0, log: () => {} });
    try {
      const register = (subject: string, schemaType: 'AVRO' | 'PROTOBUF', schema: string) => registerSchema(registry.url, subject, schemaType, schema);
      const avroId = await register('bench-avro-value', 'AVRO', JSON.stringify(AVRO));
      const protoId = await register('bench-proto-value', 'PROTOBUF', PROTO);
      const avroType = avro.Type.forSchema(AVRO as avro.Schema);
      const Order = protobuf.parse(PROTO).root.lookupType('shop.OrderPlaced');

      const ids = createIdReader(defaultConventions);
      const extract = (r: RawRecord) => extractEvent(r, ids, defaultLimits);
      const hook = createStoredPayloadDecoder(createCatalog({ registry: { url: registry.url } }).decoder);
      const variants: { what: string; input: RawRecord[]; through: 'alone' | 'hook' }[] = [
        { what: 'plain JSON, extraction alone (baseline)', input: records((i) => Buffer.from(JSON.stringify({ type: 'OrderPlaced', ...order(i) }))), through: 'alone' },
        { what: 'plain JSON, through the hook', input: [], through: 'hook' },
        { what: 'Avro (wire format), through the hook', input: records((i) => wireBytes(avroId, avroType.toBuffer(order(i)))), through: 'hook' },
        { what: 'Protobuf (wire format, index [1]), through the hook', input: records((i) => wireBytes(protoId, Order.encode(Order.create(order(i))).finish(), [2, 2])), through: 'hook' },
      ];
      variants[1]!.input = variants[0]!.input;

      // Warm the JIT on the baseline's work first, or the first variant pays for it.
      for (const r of variants[0]!.input.slice(0, 20_000)) extract(r);
      await hook.extract(variants[2]!.input.slice(0, BATCH), extract);
      await hook.extract(variants[3]!.input.slice(0, BATCH), extract);

      const rows: Row[] = [];
      let baseline = 0;
      for (const v of variants) {
        ctx.log(`${v.what}…`);
        let decoded = 0;
        const run = await measure(async () => {
          for (let from = 0; from < v.input.length; from += BATCH) {
            const batch = v.input.slice(from, from + BATCH);
            const out = v.through === 'alone' ? batch.map(extract) : await hook.extract(batch, extract);
            for (const row of out) if (row.payloadSchema?.value && !('error' in row.payloadSchema.value)) decoded++;
          }
        });
        const perSecond = v.input.length / (run.wallMs / 1000);
        if (v.through === 'alone') baseline = perSecond;
        rows.push({
          what: v.what,
          records: v.input.length,
          decoded,
          'records/s': Math.round(perSecond),
          'vs baseline': `${(perSecond / baseline).toFixed(2)}×`,
          'µs cpu/record': Math.round((run.cpuMs * 1000) / v.input.length * 10) / 10,
        });
      }
      return rows;
    } finally {
      await registry.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
