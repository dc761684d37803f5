import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { Server } from 'socket.io';
import { io as connectSocket } from 'socket.io-client';
import { createCollector, type Collector } from '../../server/collector';
import { createKafkaService } from '../../server/kafka';
import { createLogger } from '../../server/log/logger';
import { createDatabase } from '../../server/store';
import { createScratch, type DatabaseKind } from '../../server/store/test-support/scratch-databases';
import { createTraceService } from '../../server/traces';
import { createTraceQueries } from '../../server/traces/trace-queries';
import { installFetchDecoder } from '../../server/kafka/install-fetch-decoder';
import { percentile, printTable, startProfile, type BenchContext, type Row, type Scenario } from '../bench-kit';
import { EVENTS_PER_TRACE, ingestEvent as event } from '../support/ingest-events';

/** BENCH_INGEST_EVENTS scales the run down (or up); 500,000 so that fixed costs don't hide the rate. */
const EVENTS = Number(process.env.BENCH_INGEST_EVENTS ?? 500_000);
const PARTITIONS = Number(process.env.BENCH_INGEST_PARTITIONS ?? 12);
/**
 * Comma list of readers to run: kcat, bare, bare-ours, pglite, postgres, latency (default: all).
 * bare-ours is the bare consumer once our Fetch decoder is installed (process-wide and for
 * good, as the collector installs it too): list it after bare, which must stay kafkajs's own.
 */
const READERS = (process.env.BENCH_INGEST_READERS ?? 'bare,kcat,bare-ours,postgres,pglite,latency').split(',');
/** Latency half: events per second produced, and for how long. */
const LATENCY_RATE = Number(process.env.BENCH_LATENCY_RATE ?? 1000);
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 20);
/** BENCH_INGEST_PROFILE=<folder>: a CPU profile of each collector run (only the collector's part), for DevTools. */
const PROFILE_DIR = process.env.BENCH_INGEST_PROFILE;
/** BENCH_PGLITE_THREAD=off keeps PGlite on the main thread, to compare with its worker thread (the default). */
const PGLITE_THREAD = process.env.BENCH_PGLITE_THREAD !== 'off';

/** The 1-minute load average: the machine is shared, so every figure carries the load it was taken under. */
const load = () => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);

/**
 * One reader's run: start-up (start → first batch handled) and steady rate (events after
 * the first batch, over first batch → last event), with the load average around it.
 */
interface Run {
  /** CPU µs per event in the steady part: this Node process, and the PostgreSQL backends. */
  nodeCpuUs?: number;
  /** The same for the main thread alone (the process figure also counts PGlite's worker thread). */
  mainCpuUs?: number;
  pgCpuUs?: number;
  startupMs: number;
  steadyMs: number;
  steadyEvents: number;
  load: string;
}

/** CPU seconds (user + system) a process has used, from /proc; 0 once it is gone. */
function procCpuSeconds(pid: number, path = `/proc/${pid}/stat`): number {
  try {
    const f = readFileSync(path, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

/** CPU seconds this process's main thread has used (its task id is the pid). */
const mainThreadCpuSeconds = () => procCpuSeconds(process.pid, `/proc/self/task/${process.pid}/stat`);

/**
 * CPU used by this database's PostgreSQL backends since `start()`: on a shared machine,
 * CPU per event says what the write path costs better than wall time does.
 */
function backendCpu(sql: { query: <T>(text: string) => Promise<{ rows: T[] }> }) {
  const before = new Map<number, number>();
  const pids = async () => (await sql.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()')).rows.map((r) => r.pid);
  return {
    async start() {
      for (const pid of await pids()) before.set(pid, procCpuSeconds(pid));
    },
    async seconds() {
      let s = 0;
      for (const pid of await pids()) s += procCpuSeconds(pid) - (before.get(pid) ?? 0);
      return s;
    },
  };
}

/** Tracks first and last batch times of a reader that reports batches as they finish. */
function clock() {
  const t0 = performance.now();
  const load0 = load();
  let first = 0;
  let firstN = 0;
  let last = 0;
  let n = 0;
  return {
    batch(size: number) {
      const now = performance.now();
      n += size;
      if (!first) {
        first = now;
        firstN = size;
      }
      last = now;
      return n;
    },
    done(): Run {
      return { startupMs: first - t0, steadyMs: last - first, steadyEvents: n - firstN, load: `${load0.toFixed(2)}→${load().toFixed(2)}` };
    },
  };
}

async function bareKafkajs(brokers: string[], topic: string): Promise<Run> {
  const kafka = new Kafka({ brokers, clientId: 'bench-bare', logLevel: logLevel.NOTHING });
  const c = clock();
  const consumer = kafka.consumer({ groupId: `bench-bare-${Date.now()}`, maxWaitTimeInMs: 250 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await new Promise<void>((done) => {
    void consumer.run({
      partitionsConsumedConcurrently: 4,
      eachBatch: async ({ batch }) => {
        if (c.batch(batch.messages.length) >= EVENTS) done();
      },
    });
  });
  const run = c.done();
  await consumer.disconnect();
  return run;
}

/** kcat reads to the end and exits; a line per record, so the first and last record are timed as they arrive. */
async function kcat(brokers: string[], topic: string): Promise<Run | null> {
  const c = clock();
  return new Promise((resolve) => {
    const p = spawn('kcat', ['-C', '-b', brokers.join(','), '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%o\n'], { stdio: ['ignore', 'pipe', 'ignore'] });
    p.stdout.on('data', (chunk: Buffer) => {
      let lines = 0;
      for (const b of chunk) if (b === 10) lines++;
      c.batch(lines);
    });
    p.on('error', () => resolve(null)); // not installed
    p.on('exit', (code) => resolve(code === 0 ? c.done() : null));
  });
}

async function waitStored(collector: Collector, n: number) {
  await new Promise<void>((done) => {
    const check = () => (collector.stats().eventsStored >= n ? done() : setTimeout(check, 20));
    check();
  });
}

async function collectorRun(ctx: BenchContext, kind: DatabaseKind, topic: string): Promise<Run & { p50: number; p99: number }> {
  const scratch = await createScratch(kind, 'bench_ingest');
  const db = await createDatabase({ ...scratch.config, pgliteThread: PGLITE_THREAD });
  try {
    const log = createLogger({ level: 'error' });
    const kafka = createKafkaService({ brokers: ctx.brokers, clientId: `bench-collector-${kind}` }, log);
    const c = clock();
    const collector = createCollector({
      kafka,
      sql: db.sql,
      log,
      options: { include: [new RegExp(`^${topic}$`)], groupId: `bench-collector-${kind}-${Date.now()}`, writesConcurrently: Number(process.env.BENCH_WRITES ?? (kind === 'postgres' ? 2 : 1)) },
    });
    const pgCpu = kind === 'postgres' ? backendCpu(db.sql) : null;
    let nodeCpu: NodeJS.CpuUsage | null = null;
    let mainCpu = 0;
    let pgCpuStarted: Promise<void> | null = null;
    const stopProfile = await startProfile(PROFILE_DIR, `collector-${kind}`);
    collector.events.on('stored', (b) => {
      if (!nodeCpu) {
        nodeCpu = process.cpuUsage();
        mainCpu = mainThreadCpuSeconds();
        pgCpuStarted = pgCpu?.start() ?? null;
      }
      c.batch(b.inserted);
    });
    await collector.start();
    await waitStored(collector, EVENTS);
    const run: Run = c.done();
    await stopProfile();
    const d = process.cpuUsage(nodeCpu ?? undefined);
    run.nodeCpuUs = (d.user + d.system) / run.steadyEvents;
    run.mainCpuUs = ((mainThreadCpuSeconds() - mainCpu) * 1e6) / run.steadyEvents;
    if (pgCpu) {
      await pgCpuStarted;
      run.pgCpuUs = ((await pgCpu.seconds()) * 1e6) / run.steadyEvents;
    }
    await collector.stop();
    await kafka.close();
    // Trace by correlation id, on what was just stored.
    const q = createTraceQueries(db.sql);
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const id = `bench-${Math.floor(Math.random() * (EVENTS / EVENTS_PER_TRACE))}`;
      const t = performance.now();
      const tr = await q.trace(id);
      times.push(performance.now() - t);
      if (tr?.events.length !== EVENTS_PER_TRACE) {
        const stored = await db.sql.query(
          `SELECT count(*)::int AS events, (SELECT count(*)::int FROM traces) AS traces, (SELECT sum(next_offset)::int FROM collector_offsets) AS positions FROM events`,
        );
        const { eventsStored, duplicatesSkipped } = collector.stats();
        throw new Error(`trace ${id} has ${tr?.events.length} events; stored ${JSON.stringify(stored.rows[0])}, the collector counted ${JSON.stringify({ eventsStored, duplicatesSkipped })}`);
      }
    }
    return { ...run, p50: percentile(times, 50), p99: percentile(times, 99) };
  } finally {
    await db.close();
    await scratch.drop();
  }
}

/**
 * Produce → push latency, the way the server wires it: the collector stores, the trace
 * service coalesces, socket.io emits `traces:changed` to the `traces` room, and a
 * socket.io client (what the browser runs) receives it. Each event opens a new trace
 * (its own correlation id), so every push can be matched to the produce time of the
 * event that opened it. `refetch` adds the trace query the page then runs.
 */
async function latencyRun(ctx: BenchContext, kind: DatabaseKind): Promise<Row> {
  const scratch = await createScratch(kind, 'bench_latency');
  const db = await createDatabase({ ...scratch.config, pgliteThread: PGLITE_THREAD });
  const topic = `bench-latency-${Date.now()}`;
  const kafka = new Kafka({ brokers: ctx.brokers, clientId: `bench-latency-${kind}`, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: PARTITIONS }] });
  const log = createLogger({ level: 'error' });
  const service = createKafkaService({ brokers: ctx.brokers, clientId: `bench-latency-collector-${kind}` }, log);
  const collector = createCollector({
    kafka: service,
    sql: db.sql,
    log,
    options: { include: [new RegExp(`^${topic}$`)], groupId: `bench-latency-${kind}-${Date.now()}`, writesConcurrently: Number(process.env.BENCH_WRITES ?? (kind === 'postgres' ? 2 : 1)) },
  });
  const traces = createTraceService({ sql: db.sql, collector });
  const http = createServer();
  const io = new Server(http, { serveClient: false });
  io.on('connection', (s) => void s.join('traces'));
  const off = traces.onChange((correlationIds) => io.to('traces').emit('traces:changed', { correlationIds }));
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const client = connectSocket(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports: ['websocket'] });
  const producer: Producer = kafka.producer();
  const sentAt = new Map<string, number>();
  const pushMs: number[] = [];
  const storedMs: number[] = [];
  const ackedMs: number[] = [];
  collector.events.on('stored', (b) => {
    const now = performance.now();
    for (const id of b.traces) {
      const t = sentAt.get(id);
      if (t !== undefined) storedMs.push(now - t);
    }
  });
  const visibleMs: number[] = [];
  const refetches: Promise<void>[] = [];
  client.on('traces:changed', ({ correlationIds }: { correlationIds: string[] }) => {
    const now = performance.now();
    for (const id of correlationIds) {
      const t = sentAt.get(id);
      if (t === undefined) continue;
      sentAt.delete(id);
      pushMs.push(now - t);
      // Only a sample is refetched, as a page open on one trace would.
      if (pushMs.length % 50 === 0) refetches.push(traces.trace(id).then(() => void visibleMs.push(performance.now() - t)));
    }
  });
  try {
    await collector.start();
    await producer.connect();
    await new Promise<void>((r) => (client.connected ? r() : client.once('connect', () => r())));
    // Warm up: the group joined and the first fetch answered before timing anything.
    await producer.send({ topic, messages: [event(0, 'warm')] });
    await waitStored(collector, 1);
    const load0 = load();
    const tickMs = 10;
    const perTick = Math.max(1, Math.round((LATENCY_RATE * tickMs) / 1000));
    const start = performance.now();
    let i = 0;
    while (performance.now() - start < LATENCY_SECONDS * 1000) {
      const messages = Array.from({ length: perTick }, () => {
        const e = event(i * EVENTS_PER_TRACE, 'lat'); // every event opens its own trace
        i++;
        return e;
      });
      const sent = performance.now();
      for (const m of messages) sentAt.set(m.headers['x-correlation-id'], sent);
      void producer.send({ topic, messages, acks: 1 }).then(() => void ackedMs.push(performance.now() - sent));
      const next = start + (i / perTick) * tickMs;
      await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
    }
    await new Promise((r) => setTimeout(r, 2000));
    await Promise.all(refetches);
    const rate = Math.round(i / LATENCY_SECONDS);
    return {
      store: kind,
      'events/s': rate,
      pushes: pushMs.length,
      'missing': sentAt.size,
      'acked p50 ms': percentile(ackedMs, 50),
      'acked p95 ms': percentile(ackedMs, 95),
      'stored p50 ms': percentile(storedMs, 50),
      'stored p95 ms': percentile(storedMs, 95),
      'push p50 ms': percentile(pushMs, 50),
      'push p95 ms': percentile(pushMs, 95),
      'push p99 ms': percentile(pushMs, 99),
      'push+refetch p95 ms': percentile(visibleMs, 95),
      load: `${load0.toFixed(2)}→${load().toFixed(2)}`,
    };
  } finally {
    client.close();
    off();
    traces.close();
    await collector.stop();
    await service.close();
    await producer.disconnect();
    await new Promise<void>((r) => io.close(() => r()));
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    await db.close();
    await scratch.drop();
  }
}

/**
 * Ingest: 1 KB JSON events on 12 partitions, from Kafka into the store, beside the raw
 * read rate of the same topic and broker (a bare kafkajs eachBatch consumer doing no work,
 * and kcat). Start-up (start → first batch: connect, group join, first fetch) is apart from
 * the steady rate (first batch → last event), which is what the collector's own path
 * costs. Then trace-by-correlation-id latency on the stored events, and the produce →
 * browser push latency at BENCH_LATENCY_RATE events/s (second table).
 */
export const collectorIngestScenario: Scenario = {
  name: 'collector-ingest',
  description: `${EVENTS} × 1 KB JSON events on ${PARTITIONS} partitions into the store; push latency at ${LATENCY_RATE} events/s`,
  async run(ctx) {
    const topic = `bench-ingest-${Date.now()}`;
    const kafka = new Kafka({ brokers: ctx.brokers, clientId: 'bench-ingest', logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const rows: Row[] = [];
    const readers = READERS.filter((r) => r !== 'latency');
    if (readers.length) {
      await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: PARTITIONS }] });
      // Idempotent: a send retried under load must not write its records twice (the readers
      // stop at EVENTS, and the trace check would then find traces not read yet).
      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      ctx.log(`producing ${EVENTS} events…`);
      const inFlight: Promise<unknown>[] = [];
      for (let i = 0; i < EVENTS; i += 2000) {
        inFlight.push(producer.send({ topic, messages: Array.from({ length: Math.min(2000, EVENTS - i) }, (_, j) => event(i + j)) }));
        if (inFlight.length >= 4) await inFlight.shift();
      }
      await Promise.all(inFlight);
      await producer.disconnect();
    }

    const rate = (r: Run) => Math.round(r.steadyEvents / (r.steadyMs / 1000));
    let bareRate = NaN;
    let kcatRate = NaN;
    const row = (reader: string, r: Run, extra: Partial<Row> = {}): Row => ({
      reader,
      'start-up s': r.startupMs / 1000,
      'steady events/s': rate(r),
      'vs bare kafkajs': Number.isNaN(bareRate) ? '' : (rate(r) / bareRate).toFixed(2),
      'vs kcat': Number.isNaN(kcatRate) ? '' : (rate(r) / kcatRate).toFixed(2),
      'node CPU µs/event': r.nodeCpuUs ?? '',
      'main thread µs/event': r.mainCpuUs ?? '',
      'PG CPU µs/event': r.pgCpuUs ?? '',
      'trace p50 ms': '',
      'trace p99 ms': '',
      load: r.load,
      ...extra,
    });
    for (const reader of readers) {
      ctx.log(`${reader}…`);
      if (reader === 'bare') {
        const r = await bareKafkajs(ctx.brokers, topic);
        bareRate = rate(r);
        rows.push(row('bare kafkajs eachBatch', r));
      } else if (reader === 'bare-ours') {
        installFetchDecoder();
        rows.push(row('bare kafkajs eachBatch, our Fetch decoder', await bareKafkajs(ctx.brokers, topic)));
      } else if (reader === 'kcat') {
        const r = await kcat(ctx.brokers, topic);
        if (r) kcatRate = rate(r);
        rows.push(r ? row('kcat', r) : { reader: 'kcat (not installed)' });
      } else {
        const r = await collectorRun(ctx, reader as DatabaseKind, topic);
        rows.push(row(`collector → ${reader}`, r, { 'trace p50 ms': r.p50, 'trace p99 ms': r.p99 }));
      }
      ctx.log(JSON.stringify(rows[rows.length - 1]));
    }
    if (readers.length) await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();

    if (READERS.includes('latency')) {
      ctx.log(`push latency at ${LATENCY_RATE} events/s for ${LATENCY_SECONDS} s…`);
      const lat: Row[] = [];
      for (const kind of ['postgres', 'pglite'] as DatabaseKind[]) lat.push(await latencyRun(ctx, kind));
      if (!rows.length) return lat;
      console.log(`\nproduce → socket.io push latency, ${LATENCY_RATE} events/s for ${LATENCY_SECONDS} s:`);
      printTable(lat);
      console.log('');
    }
    return rows;
  },
};
