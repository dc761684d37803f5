import { accumulate, emptyShape } from '../../lib/infer-shape';
import { foldNewEvents } from '../../server/catalog';
import { createDatabase } from '../../server/store';
import { createScratch } from '../../server/store/test-support/scratch-databases';
import { measure, type BenchContext, type Row, type Scenario } from '../bench-kit';

/** Stored events the catalog job catches up on, e.g. BENCH_CATALOG_EVENTS=1000000 (the default). */
const EVENTS = Number(process.env.BENCH_CATALOG_EVENTS ?? 1_000_000);
const FILL_BATCH = 250_000;

// Demo-shop-like JSON payloads (~350 bytes): 8 types × 2 versions, nested customer, 1-3 lines,
// an optional field on a third of them and, in v2, a currency.
const PAYLOAD_SQL = `json_build_object(
  'orderId', 'order-' || i, 'type', 'OrderPlaced', 'version', 1 + i % 2,
  'customer', json_build_object('id', 'cust-' || (i % 5000), 'tier', (ARRAY['gold','silver','basic'])[1 + i % 3], 'email', 'c' || i || '@example.com'),
  'lines', (SELECT json_agg(json_build_object('sku', 'SKU-' || ((i + k) % 40), 'quantity', 1 + k, 'unitPrice', 9.5 + k)) FROM generate_series(0, i % 3) k),
  'total', 19.5 + i % 100, 'note', CASE WHEN i % 3 = 0 THEN 'leave at door' END,
  'currency', CASE WHEN i % 2 = 1 THEN 'EUR' END, 'placedAt', now())::text`;

async function fill(sql: Awaited<ReturnType<typeof createDatabase>>['sql'], n: number, log: (l: string) => void) {
  for (let from = 0; from < n; from += FILL_BATCH) {
    const to = Math.min(n, from + FILL_BATCH);
    await sql.query(
      `INSERT INTO events (cluster, topic, partition, "offset", "timestamp", headers, event_id, event_type, event_version, source, size, payload_encoding, payload_preview)
       SELECT 'default', 'shop.t' || (i % 8), 0, i, now() - (($2::int8 - i) * interval '10 milliseconds'), '{}'::jsonb, 'evt-' || i,
              'shop.Type' || (i % 8), 'v' || (1 + i % 2), 'svc-' || (i % 6), 350, 'json', ${PAYLOAD_SQL}
         FROM generate_series($1::int8, $2::int8 - 1) AS i`,
      [from, to],
    );
    log(`filled ${to.toLocaleString('en')} events`);
  }
}

export const catalogFoldScenario: Scenario = {
  name: 'catalog-fold',
  description: `the catalog job catching up on ${EVENTS.toLocaleString('en')} stored events on PostgreSQL (shape inference + drift + upserts), and inference alone`,
  needsKafka: false,
  async run(ctx: BenchContext): Promise<Row[]> {
    const scratch = await createScratch('postgres', 'bench_catalog');
    const db = await createDatabase(scratch.config);
    try {
      await fill(db.sql, EVENTS, ctx.log);
      // Inference alone, on the same payloads read back once (no store in the loop).
      const sample = (await db.sql.query<{ p: string }>(`SELECT payload_preview AS p FROM events ORDER BY id LIMIT 100000`)).rows.map((r) => JSON.parse(r.p) as unknown);
      const shape = emptyShape();
      const infer = await measure(async () => {
        for (const p of sample) accumulate(shape, p);
      });
      let folded = 0;
      let batches = 0;
      const job = await measure(async () => {
        for (;;) {
          const { read } = await foldNewEvents(db.sql);
          if (read === 0) return;
          folded += read;
          batches += 1;
        }
      });
      return [
        { what: 'inference alone (accumulate, in memory)', events: sample.length, 'events/s': Math.round(sample.length / (infer.wallMs / 1000)), 'wall ms': Math.round(infer.wallMs), batches: '', 'node cpu ms': Math.round(infer.cpuMs) },
        { what: 'catalog job catching up (read, infer, upsert, watermark)', events: folded, 'events/s': Math.round(folded / (job.wallMs / 1000)), 'wall ms': Math.round(job.wallMs), batches, 'node cpu ms': Math.round(job.cpuMs) },
      ];
    } finally {
      await db.close();
      await scratch.drop();
    }
  },
};
