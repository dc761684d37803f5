import pg from 'pg';
import { createDatabase, type SqlExecutor } from '../../server/store';
import { createScratch } from '../../server/store/test-support/scratch-databases';
import { createTraceQueries } from '../../server/traces/trace-queries';
import { percentile, type BenchContext, type Row, type Scenario } from '../bench-kit';

/** Store sizes to measure, e.g. BENCH_TRACE_EVENTS=1000000,10000000 (the default). */
const SIZES = (process.env.BENCH_TRACE_EVENTS ?? '1000000,10000000').split(',').map(Number).filter((n) => n > 0);
/** Calls per measured query. */
const REPEAT = Number(process.env.BENCH_TRACE_REPEAT ?? 200);
/** BENCH_TRACE_EXPLAIN=1 prints each query's plan once (EXPLAIN ANALYZE) on the loaded store. */
const EXPLAIN = process.env.BENCH_TRACE_EXPLAIN === '1';
/** BENCH_TRACE_KEEP=1 keeps the filled database (its URL is printed) for EXPLAIN by hand. */
const KEEP = process.env.BENCH_TRACE_KEEP === '1';
const BATCH = 1_000_000;
const PER_TRACE = 8;

// The demo shop's shape: a trace is a chain of 8 events over 5 topics and 6 services; types
// vary by step and by trace (0.1% of traces hold a rare one); 2% end on the dead-letter topic.
const TOPICS = ['shop.orders', 'shop.payments', 'shop.inventory', 'shop.shipments', 'shop.notifications'];
const SERVICES = ['order-service', 'payment-service', 'inventory-service', 'shipping-service', 'notification-service', 'fraud-service'];
const STEP_TYPES = ['OrderPlaced', 'PaymentRequested', 'PaymentAuthorized', 'StockReserved', 'OrderPacked', 'OrderShipped', 'CustomerNotified', 'OrderCompleted'];
const VARIANTS = ['', 'Express', 'Gift'];

const arr = (xs: string[]) => `ARRAY[${xs.map((x) => `'${x}'`).join(',')}]`;

/** Events [from, to) — whole traces, as ids are multiples of 8 — and their trace summaries, in two statements. */
async function loadBatch(c: pg.Client, from: number, to: number, traces: number, base: Date) {
  await c.query(
    `INSERT INTO events (cluster, topic, partition, "offset", "timestamp", key, headers, event_id, event_type, event_version, source, correlation_id, causation_id, size, payload_encoding, payload_preview, problems, collected_at)
     SELECT 'default',
            CASE WHEN s = 7 AND t % 50 = 0 THEN 'shop.orders.dlq' ELSE (${arr(TOPICS)})[1 + (s * 5 / 8)] END,
            (t % 12)::int, i, ts, 'order-' || t, '{"content-type":"application/json"}'::jsonb,
            'evt-' || i, CASE WHEN s = 4 AND t % 1000 = 0 THEN 'shop.OrderHeldForReview.v1' ELSE 'shop.' || (${arr(STEP_TYPES)})[1 + s] || (${arr(VARIANTS)})[1 + t % 3] || '.v1' END, 'v1',
            (${arr(SERVICES)})[1 + (CASE WHEN s = 2 AND t % 4 = 0 THEN 5 ELSE s * 5 / 8 END)],
            'corr-' || t, CASE WHEN s > 0 THEN 'evt-' || (i - 1) END, 1024, 'json', '{"orderId":"order-' || t || '","step":' || s || '}',
            CASE WHEN s = 7 AND t % 50 = 0 THEN ARRAY['dead_lettered'] ELSE NULL END, ts
     FROM (SELECT i, i / ${PER_TRACE} AS t, i % ${PER_TRACE} AS s,
                  $4::timestamptz + (i / ${PER_TRACE}) * (interval '6 days' / $3::float8) + (i % ${PER_TRACE}) * interval '40 milliseconds' AS ts
           FROM generate_series($1::int8, $2::int8 - 1) AS i) g`,
    [from, to, traces, base],
  );
  await c.query(
    `INSERT INTO traces (cluster, correlation_id, first_at, last_at, event_count, topics, services, types, has_errors, touched_retry)
     SELECT cluster, correlation_id, min("timestamp"), max("timestamp"), count(*)::int, array_agg(DISTINCT topic), array_agg(DISTINCT source), array_agg(DISTINCT event_type),
            bool_or(topic LIKE '%.dlq' OR problems IS NOT NULL), false
     FROM events WHERE "offset" >= $1 AND "offset" < $2 GROUP BY cluster, correlation_id`,
    [from, to],
  );
}

const BIG_TRACE = 10_000;

/** The last 10,000 events become one trace (minutes old, so inside the raw lag history). */
async function loadBigTrace(c: pg.Client, events: number) {
  await c.query(`UPDATE events SET correlation_id = 'big-trace' WHERE "offset" >= $1`, [events - BIG_TRACE]);
  await c.query(
    `INSERT INTO traces (cluster, correlation_id, first_at, last_at, event_count, topics, services, types, has_errors, touched_retry)
     SELECT cluster, correlation_id, min("timestamp"), max("timestamp"), count(*)::int, array_agg(DISTINCT topic), array_agg(DISTINCT source), array_agg(DISTINCT event_type), false, false
     FROM events WHERE correlation_id = 'big-trace' GROUP BY cluster, correlation_id`,
  );
}

/**
 * 12 h of lag samples every 10 s on every partition for three groups: one 0.2 s behind the
 * producers, one 30 s behind, one stopped 2 h ago. Offsets grow with time as the generated
 * events do (offset i is produced at base + i × 6 days / events), so commits pass events.
 */
async function loadLagHistory(c: pg.Client, events: number, base: Date): Promise<number> {
  const r = await c.query(
    `INSERT INTO lag_samples (group_id, topic, partition, sampled_at, committed_offset, end_offset, lag, lag_seconds)
     SELECT g.name, tp.topic, p, s.at, cm.o, en.o, en.o - cm.o, NULL
     FROM (VALUES ('billing', 0.2, false), ('analytics', 30.0, false), ('archiver', 1.0, true)) AS g(name, delay_s, stopped)
     CROSS JOIN unnest(${arr([...TOPICS, 'shop.orders.dlq'])}) AS tp(topic)
     CROSS JOIN generate_series(0, 11) AS p
     CROSS JOIN generate_series(now() - interval '12 hours', now(), interval '10 seconds') AS s(at)
     CROSS JOIN LATERAL (SELECT CASE WHEN g.stopped AND s.at > now() - interval '2 hours' THEN now() - interval '2 hours' ELSE s.at END - g.delay_s * interval '1 second' AS read_to) rt
     CROSS JOIN LATERAL (SELECT least($2::int8, greatest(0, floor(extract(epoch FROM rt.read_to - $1::timestamptz) / (6 * 86400.0) * $2::int8) + 1))::int8 AS o) cm
     CROSS JOIN LATERAL (SELECT least($2::int8, greatest(0, floor(extract(epoch FROM s.at - $1::timestamptz) / (6 * 86400.0) * $2::int8) + 1))::int8 AS o) en`,
    [base, events],
  );
  return r.rowCount ?? 0;
}

/**
 * Fills the store with `events` events (events / 8 traces) by set-based SQL: the secondary
 * indexes are dropped, the rows generated a million per statement, the indexes rebuilt
 * from their own definitions (so the store is exactly what the migrations made).
 */
async function fill(url: string, events: number, log: (l: string) => void) {
  const base = new Date(Date.now() - 6 * 24 * 3600_000);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`SET synchronous_commit = off; SET maintenance_work_mem = '512MB'; SET work_mem = '256MB'`);
    const { rows: defs } = await c.query<{ name: string; def: string }>(
      `SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename IN ('events', 'traces') AND indexname NOT LIKE '%_pkey'`,
    );
    for (const d of defs) await c.query(`DROP INDEX "${d.name}"`);
    const t0 = performance.now();
    for (let from = 0; from < events; from += BATCH) {
      await loadBatch(c, from, Math.min(events, from + BATCH), events / PER_TRACE, base);
      log(`  ${Math.min(events, from + BATCH).toLocaleString('en')} events loaded (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
    await loadBigTrace(c, events);
    const lagRows = await loadLagHistory(c, events, base);
    log(`  a trace of ${BIG_TRACE.toLocaleString('en')} events and ${lagRows.toLocaleString('en')} lag samples of 3 groups added`);
    const t1 = performance.now();
    for (const d of defs) await c.query(d.def);
    await c.query('ANALYZE events; ANALYZE traces');
    log(`loaded in ${((t1 - t0) / 1000).toFixed(0)} s, ${defs.length} indexes rebuilt in ${((performance.now() - t1) / 1000).toFixed(0)} s`);
  } finally {
    await c.end();
  }
}

/** A SqlExecutor that remembers the last statement, to EXPLAIN what a query really sent. */
function recording(sql: SqlExecutor) {
  let last: { text: string; params: readonly unknown[] } = { text: '', params: [] };
  return { sql: { ...sql, query: (text: string, params: readonly unknown[] = []) => ((last = { text, params }), sql.query(text, params)) } as SqlExecutor, last: () => last };
}

/** Trace reads on PostgreSQL at 1 M and 10 M events: p50/p99 of each query over REPEAT calls with random arguments. */
export const traceQueryScenario: Scenario = {
  name: 'trace-query',
  description: `trace reads on PostgreSQL with ${SIZES.map((n) => n.toLocaleString('en')).join(' and ')} events (${REPEAT} calls each)`,
  needsKafka: false,
  async run(ctx: BenchContext): Promise<Row[]> {
    const rows: Row[] = [];
    for (const n of SIZES) {
      const scratch = await createScratch('postgres', 'bench_traces');
      const db = await createDatabase(scratch.config);
      try {
        ctx.log(`filling ${n.toLocaleString('en')} events…`);
        await fill(scratch.config.url!, n, ctx.log);
        const rec = recording(db.sql);
        const q = createTraceQueries(rec.sql);
        const traces = n / PER_TRACE;
        const rnd = (k: number) => Math.floor(Math.random() * k);
        const cases: [string, () => Promise<unknown>][] = [
          ['trace by correlation id (events + summary)', () => q.trace(`corr-${rnd(traces)}`)],
          [`trace of ${BIG_TRACE.toLocaleString('en')} events, with the pickups of 3 groups`, () => q.trace('big-trace')],
          ['search: first page, no filter', () => q.search({ limit: 50 })],
          ['search: service filter', () => q.search({ limit: 50, service: SERVICES[rnd(SERVICES.length)] })],
          ['search: type filter (1 in 3 traces)', () => q.search({ limit: 50, type: `shop.${STEP_TYPES[rnd(8)]}${VARIANTS[rnd(3)]}.v1` })],
          ['search: rare type filter (0.1% of traces)', () => q.search({ limit: 50, type: 'shop.OrderHeldForReview.v1' })],
          ['search: has errors (2% of traces)', () => q.search({ limit: 50, errors: 'true' })],
          ['search: by event id', () => q.search({ limit: 50, q: `evt-${rnd(n)}` })],
          ['search: by correlation id', () => q.search({ limit: 50, q: `corr-${rnd(traces)}` })],
        ];
        const big = (await q.trace('big-trace'))!;
        const states: Record<string, number> = {};
        for (const list of Object.values(big.pickups)) for (const p of list) states[`${p.groupId} ${p.state}`] = (states[`${p.groupId} ${p.state}`] ?? 0) + 1;
        ctx.log(`big trace: ${big.events.length} events, pickups ${JSON.stringify(states)}`);
        for (const [name, call] of cases) {
          for (let i = 0; i < 5; i++) await call(); // warm the cache and the plan
          if (EXPLAIN) {
            const { text, params } = rec.last();
            const plan = await db.sql.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, params);
            ctx.log(`EXPLAIN ${name}:\n${plan.rows.map((r) => `      ${r['QUERY PLAN']}`).join('\n')}`);
          }
          const ms: number[] = [];
          const repeat = name.startsWith('trace of') ? Math.ceil(REPEAT / 10) : REPEAT;
          for (let i = 0; i < repeat; i++) {
            const t0 = performance.now();
            await call();
            ms.push(performance.now() - t0);
          }
          rows.push({ events: n.toLocaleString('en'), query: name, 'p50 ms': percentile(ms, 50), 'p99 ms': percentile(ms, 99) });
        }
      } finally {
        await db.close();
        if (KEEP) ctx.log(`kept: ${scratch.config.url}`);
        else await scratch.drop();
      }
    }
    return rows;
  },
};
