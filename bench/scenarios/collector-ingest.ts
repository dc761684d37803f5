import { spawn } from 'node:child_process';
import { Kafka, logLevel } from 'kafkajs';
import { createCollector } from '../../server/collector';
import { createKafkaService } from '../../server/kafka';
import { createLogger } from '../../server/log/logger';
import { createDatabase } from '../../server/store';
import { createScratch, type DatabaseKind } from '../../server/store/test-support/scratch-databases';
import { createTraceQueries } from '../../server/traces/trace-queries';
import { percentile, type BenchContext, type Row, type Scenario } from '../bench-kit';

const EVENTS = Number(process.env.BENCH_INGEST_EVENTS ?? 100_000);
const PARTITIONS = 12;
const EVENTS_PER_TRACE = 10;

/** A 1 KB JSON event with CloudEvents headers and a correlation id shared by 10 events. */
function event(i: number) {
  const body = { id: `ev-${i}`, type: 'bench.Thing', orderId: `o-${Math.floor(i / EVENTS_PER_TRACE)}`, seq: i, pad: '' };
  body.pad = 'x'.repeat(1024 - JSON.stringify(body).length);
  return {
    key: body.orderId,
    value: JSON.stringify(body),
    headers: {
      ce_id: body.id,
      ce_type: 'bench.Thing.v1',
      ce_source: 'bench',
      'x-correlation-id': `bench-${Math.floor(i / EVENTS_PER_TRACE)}`,
      ...(i % EVENTS_PER_TRACE ? { 'x-causation-id': `ev-${i - 1}` } : {}),
    },
  };
}

async function bareKafkajs(brokers: string[], topic: string): Promise<number> {
  const kafka = new Kafka({ brokers, clientId: 'bench-bare', logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `bench-bare-${Date.now()}`, maxWaitTimeInMs: 250 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let n = 0;
  const t0 = performance.now();
  await new Promise<void>((done) => {
    void consumer.run({
      partitionsConsumedConcurrently: 4,
      eachBatch: async ({ batch }) => {
        n += batch.messages.length;
        if (n >= EVENTS) done();
      },
    });
  });
  const ms = performance.now() - t0;
  await consumer.disconnect();
  return ms;
}

async function kcat(brokers: string[], topic: string): Promise<number | null> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const p = spawn('kcat', ['-C', '-b', brokers.join(','), '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%o\n'], { stdio: ['ignore', 'ignore', 'ignore'] });
    p.on('error', () => resolve(null)); // not installed
    p.on('exit', (code) => resolve(code === 0 ? performance.now() - t0 : null));
  });
}

async function collectorRun(ctx: BenchContext, kind: DatabaseKind, topic: string): Promise<{ ms: number; p50: number; p99: number }> {
  const scratch = await createScratch(kind, 'bench_ingest');
  const db = await createDatabase(scratch.config);
  try {
    const log = createLogger({ level: 'error' });
    const kafka = createKafkaService({ brokers: ctx.brokers, clientId: `bench-collector-${kind}` }, log);
    const collector = createCollector({
      kafka,
      sql: db.sql,
      log,
      options: { include: [new RegExp(`^${topic}$`)], groupId: `bench-collector-${kind}-${Date.now()}`, partitionsConcurrently: kind === 'postgres' ? 4 : 1 },
    });
    const t0 = performance.now();
    await collector.start();
    await new Promise<void>((done) => {
      const check = () => (collector.stats().eventsStored >= EVENTS ? done() : setTimeout(check, 50));
      check();
    });
    const ms = performance.now() - t0;
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
      if (tr?.events.length !== EVENTS_PER_TRACE) throw new Error(`trace ${id} has ${tr?.events.length} events`);
    }
    return { ms, p50: percentile(times, 50), p99: percentile(times, 99) };
  } finally {
    await db.close();
    await scratch.drop();
  }
}

/**
 * Ingest: 1 KB JSON events on 12 partitions, from Kafka into the store, beside the raw
 * read rate of the same topic (a bare kafkajs consumer, and kcat where installed). The
 * "vs bare kafkajs" column is how close the collector comes to what this machine reads.
 * Also trace-by-correlation-id latency on the stored events (10 events per trace).
 */
export const collectorIngestScenario: Scenario = {
  name: 'collector-ingest',
  description: `${EVENTS} × 1 KB JSON events on ${PARTITIONS} partitions into the store`,
  async run(ctx) {
    const topic = `bench-ingest-${Date.now()}`;
    const kafka = new Kafka({ brokers: ctx.brokers, clientId: 'bench-ingest', logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: PARTITIONS }] });
    const producer = kafka.producer();
    await producer.connect();
    ctx.log(`producing ${EVENTS} events…`);
    for (let i = 0; i < EVENTS; i += 2000) {
      await producer.send({ topic, messages: Array.from({ length: Math.min(2000, EVENTS - i) }, (_, j) => event(i + j)) });
    }
    await producer.disconnect();

    const rows: Row[] = [];
    const rate = (ms: number) => Math.round(EVENTS / (ms / 1000));
    ctx.log('bare kafkajs consumer…');
    const bare = await bareKafkajs(ctx.brokers, topic);
    rows.push({ reader: 'bare kafkajs consumer', 'seconds': bare / 1000, 'events/s': rate(bare), 'vs bare kafkajs': 1, 'trace p50 ms': '', 'trace p99 ms': '' });
    ctx.log('kcat…');
    const k = await kcat(ctx.brokers, topic);
    rows.push(k === null ? { reader: 'kcat (not installed)', seconds: '', 'events/s': '', 'vs bare kafkajs': '', 'trace p50 ms': '', 'trace p99 ms': '' } : { reader: 'kcat', seconds: k / 1000, 'events/s': rate(k), 'vs bare kafkajs': rate(k) / rate(bare), 'trace p50 ms': '', 'trace p99 ms': '' });
    for (const kind of ['pglite', 'postgres'] as DatabaseKind[]) {
      ctx.log(`collector on ${kind}…`);
      const r = await collectorRun(ctx, kind, topic);
      rows.push({ reader: `collector → ${kind}`, seconds: r.ms / 1000, 'events/s': rate(r.ms), 'vs bare kafkajs': rate(r.ms) / rate(bare), 'trace p50 ms': r.p50, 'trace p99 ms': r.p99 });
    }
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    return rows;
  },
};
