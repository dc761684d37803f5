import { accumulate, emptyShape } from '../../lib/infer-shape';
import { foldNewEvents } from '../../server/catalog';
import { createDatabase, type Database } from '../../server/store';
import { createScratch, type DatabaseKind } from '../../server/store/test-support/scratch-databases';
import { measure, type BenchContext, type Row, type Scenario } from '../bench-kit';

/** Stored events the catalog job catches up on, e.g. BENCH_CATALOG_EVENTS=200000 (default 1,000,000). */
const EVENTS = Number(process.env.BENCH_CATALOG_EVENTS ?? 1_000_000);
/** Which databases: BENCH_CATALOG_DB=postgres,pglite (the default: both). */
const KINDS = (process.env.BENCH_CATALOG_DB ?? 'postgres,pglite').split(',').map((k) => k.trim()) as DatabaseKind[];
const FILL_BATCH = 100_000;
const MB = 1024 * 1024;

// Demo-shop-like JSON payloads (~350 bytes): 8 types × 2 versions, nested customer, 1-3 lines,
// an optional field on a third of them and, in v2, a currency.
const PAYLOAD_SQL = `json_build_object(
  'orderId', 'order-' || i, 'type', 'OrderPlaced', 'version', 1 + i % 2,
  'customer', json_build_object('id', 'cust-' || (i % 5000), 'tier', (ARRAY['gold','silver','basic'])[1 + i % 3], 'email', 'c' || i || '@example.com'),
  'lines', (SELECT json_agg(json_build_object('sku', 'SKU-' || ((i + k) % 40), 'quantity', 1 + k, 'unitPrice', 9.5 + k)) FROM generate_series(0, i % 3) k),
  'total', 19.5 + i % 100, 'note', CASE WHEN i % 3 = 0 THEN 'leave at door' END,
  'currency', CASE WHEN i % 2 = 1 THEN 'EUR' END, 'placedAt', now())::text`;

async function fill(db: Database, n: number, log: (l: string) => void) {
  for (let from = 0; from < n; from += FILL_BATCH) {
    const to = Math.min(n, from + FILL_BATCH);
    await db.sql.query(
      `INSERT INTO events (cluster, topic, partition, "offset", "timestamp", headers, event_id, event_type, event_version, source, size, payload_encoding, payload_preview)
       SELECT 'default', 'shop.t' || (i % 8), 0, i, now() - (($2::int8 - i) * interval '10 milliseconds'), '{}'::jsonb, 'evt-' || i,
              'shop.Type' || (i % 8), 'v' || (1 + i % 2), 'svc-' || (i % 6), 350, 'json', ${PAYLOAD_SQL}
         FROM generate_series($1::int8, $2::int8 - 1) AS i`,
      [from, to],
    );
    if (to % 500_000 === 0 || to === n) log(`${db.kind}: filled ${to.toLocaleString('en')} events`);
  }
}

/**
 * Peak resident set size and JS heap in use while `fn` runs, sampled every 50 ms. RSS is
 * what the machine pays; the heap tells a leak (growing) from V8 keeping room it has
 * collected (RSS up, heap flat).
 */
async function withPeakMemory<T>(fn: () => Promise<T>): Promise<{ result: T; rss: [number, number]; heap: [number, number] }> {
  const at = () => process.memoryUsage();
  const start = at();
  let rss = start.rss;
  let heap = start.heapUsed;
  const sample = () => {
    const m = at();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  const timer = setInterval(sample, 50);
  try {
    const result = await fn();
    sample();
    return { result, rss: [start.rss / MB, rss / MB], heap: [start.heapUsed / MB, heap / MB] };
  } finally {
    clearInterval(timer);
  }
}

const range = ([a, b]: [number, number]) => `${Math.round(a)} → ${Math.round(b)}`;

async function runOn(kind: DatabaseKind, log: (l: string) => void): Promise<Row[]> {
  const scratch = await createScratch(kind, 'bench_catalog');
  const db = await createDatabase(scratch.config);
  try {
    await fill(db, EVENTS, log);
    // The ceiling: inference alone on the same payloads, read back once (no store in the loop).
    let sample: string[] | null = (await db.sql.query<{ p: string }>(`SELECT payload_preview AS p FROM events ORDER BY id LIMIT 100000`)).rows.map((r) => r.p);
    const sampled = sample.length;
    const shape = emptyShape();
    const infer = await measure(async () => {
      for (let i = 0; i < sample!.length; i++) accumulate(shape, JSON.parse(sample![i]!), undefined, String(i));
    });
    sample = null; // not held while the job's memory is measured
    let folded = 0;
    let batches = 0;
    const job = await withPeakMemory(() =>
      measure(async () => {
        for (;;) {
          const { read, more } = await foldNewEvents(db.sql);
          folded += read;
          batches += 1;
          if (!more) return;
        }
      }),
    );
    const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));
    const jobRate = rate(folded, job.result.wallMs);
    const inferRate = rate(sampled, infer.wallMs);
    return [
      { db: kind, what: 'parse + infer alone (in memory)', events: sampled, 'events/s': inferRate, 'of ceiling': '100%', 'wall ms': Math.round(infer.wallMs), 'node cpu ms': Math.round(infer.cpuMs), batches: '', 'rss MB (start → peak)': '', 'heap MB (start → peak)': '' },
      {
        db: kind,
        what: 'catalog job catching up (read, infer, drift, producer minutes, upserts)',
        events: folded,
        'events/s': jobRate,
        'of ceiling': `${Math.round((jobRate / inferRate) * 100)}%`,
        'wall ms': Math.round(job.result.wallMs),
        'node cpu ms': Math.round(job.result.cpuMs),
        batches,
        'rss MB (start → peak)': range(job.rss),
        'heap MB (start → peak)': range(job.heap),
      },
    ];
  } finally {
    await db.close();
    await scratch.drop();
  }
}

export const catalogScenario: Scenario = {
  name: 'catalog',
  description: `the catalog job catching up on ${EVENTS.toLocaleString('en')} stored events (${KINDS.join(' and ')}): the rate it keeps up with, against parse + inference alone; PGlite's RSS includes the database itself`,
  needsKafka: false,
  async run(ctx: BenchContext): Promise<Row[]> {
    const rows: Row[] = [];
    for (const kind of KINDS) rows.push(...(await runOn(kind, ctx.log)));
    return rows;
  },
};
