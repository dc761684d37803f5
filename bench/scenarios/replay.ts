import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import { replayRequestSchema, type ReplayRequest } from '../../lib/replay-types';
import { createKafkaService } from '../../server/kafka';
import { createLogger } from '../../server/log/logger';
import { createReplayService } from '../../server/replay';
import { createDatabase } from '../../server/store';
import { createScratch } from '../../server/store/test-support/scratch-databases';
import { startProfile, type BenchContext, type Row, type Scenario } from '../bench-kit';

const RECORDS = Number(process.env.BENCH_REPLAY_RECORDS ?? 200_000);
const PARTITIONS = 6;
/** BENCH_REPLAY_PROFILE=<folder>: a CPU profile of each replay run (only the replay's part), for DevTools. */
const PROFILE_DIR = process.env.BENCH_REPLAY_PROFILE;

/** The 1-minute load average: the machine may be shared, so every figure carries the load it was taken under. */
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0]!;

/** A 1 KB JSON record keyed by order, with two headers. */
function record(i: number) {
  const body = { id: `ev-${i}`, type: 'bench.Thing', seq: i, pad: '' };
  body.pad = 'x'.repeat(1024 - JSON.stringify(body).length);
  return { key: `o-${i % 5000}`, value: JSON.stringify(body), headers: { ce_type: 'bench.Thing.v1', 'x-correlation-id': `bench-${i % 5000}` } };
}

async function fill(ctx: BenchContext, topics: string[]) {
  const kafka = new Kafka({ brokers: ctx.brokers, clientId: 'bench-replay-fill', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: PARTITIONS })), waitForLeaders: true });
  await admin.disconnect();
  // Idempotent: a send retried under load must not write its records twice (the source would hold more than RECORDS).
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const source = topics[0]!;
  for (let i = 0; i < RECORDS; i += 5000) {
    await producer.send({ topic: source, messages: Array.from({ length: Math.min(5000, RECORDS - i) }, (_, j) => record(i + j)) });
  }
  await producer.disconnect();
}

/** `kcat -C -e … | kcat -P …`: key and value through a tab-separated pipe (headers are not carried). */
function kcatPipe(brokers: string[], from: string, to: string): Promise<number | null> {
  const b = brokers.join(',');
  const t0 = performance.now();
  return new Promise((resolve) => {
    const p = spawn('sh', ['-c', `kcat -C -b ${b} -t ${from} -o beginning -e -q -K '\t' | kcat -P -b ${b} -t ${to} -K '\t'`], { stdio: 'ignore' });
    p.on('error', () => resolve(null));
    p.on('exit', (code) => resolve(code === 0 ? performance.now() - t0 : null));
  });
}

/** Peak RSS over a run, sampled every 50 ms. */
function rssWatch() {
  const start = process.memoryUsage().rss;
  let peak = start;
  const t = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  return { stop: () => (clearInterval(t), { start, peak }) };
}

export const replayScenario: Scenario = {
  name: 'replay',
  description: `replay ${RECORDS.toLocaleString('en')} × 1 KB records (${PARTITIONS} partitions) unfiltered and with a CEL filter, beside a kcat pipe`,
  async run(ctx) {
    const stamp = Date.now();
    const source = `bench-replay-src-${stamp}`;
    const targets = ['kcat', 'all', 'cel'].map((t) => `bench-replay-${t}-${stamp}`);
    await fill(ctx, [source, ...targets]);
    ctx.log(`filled ${source} with ${RECORDS} records`);
    const rows: Row[] = [];

    const pipeMs = await kcatPipe(ctx.brokers, source, targets[0]!);
    const pipeRate = pipeMs === null ? null : (RECORDS * 1000) / pipeMs;
    rows.push({ run: 'kcat -C | kcat -P', records: RECORDS, sent: RECORDS, 'ms': pipeMs ?? 'kcat missing', 'msgs/s': pipeRate === null ? '–' : Math.round(pipeRate), 'vs pipe': '1.00', 'RSS growth MB': '–', 'Node CPU µs/rec': '–', load: load() });

    const scratch = await createScratch('pglite', 'bench_replay');
    const db = await createDatabase(scratch.config);
    const log = createLogger({ level: 'error' });
    const kafka = createKafkaService({ brokers: ctx.brokers, clientId: 'bench-replay' }, log);
    const replay = createReplayService({ prisma: db.prisma, kafka, log });
    try {
      const runs: [string, ReplayRequest][] = [
        ['replay, unfiltered', { selection: { kind: 'range', topic: source }, target: { kind: 'topic', topic: targets[1]! }, options: { ratePerSecond: 0 }, confirmTarget: targets[1] }],
        [
          'replay, CEL value.seq % 2 == 0',
          { selection: { kind: 'range', topic: source, filters: { cel: 'value.seq % 2 == 0 && headers["ce_type"] == "bench.Thing.v1"' } }, target: { kind: 'topic', topic: targets[2]! }, options: { ratePerSecond: 0 }, confirmTarget: targets[2] },
        ],
      ];
      for (const [name, request] of runs) {
        global.gc?.();
        const rss = rssWatch();
        const stopProfile = await startProfile(PROFILE_DIR, name.startsWith('replay, CEL') ? 'replay-cel' : 'replay-unfiltered');
        const cpu = process.cpuUsage();
        const t0 = performance.now();
        const job = await replay.create(replayRequestSchema.parse(request), 'bench');
        await replay.settled(job.id);
        const ms = performance.now() - t0;
        const used = process.cpuUsage(cpu);
        const { start, peak } = rss.stop();
        await stopProfile();
        const done = await replay.get(job.id);
        if (done.state !== 'completed') ctx.log(`${name}: job ${done.state}: ${done.error ?? ''}`);
        ctx.log(`${name}: total ${done.total}, progressed ${done.progressed}, counts ${JSON.stringify(done.counts)}`);
        const rate = (done.counts.read * 1000) / ms;
        rows.push({
          run: name,
          records: done.counts.read,
          sent: done.counts.sent,
          ms: Math.round(ms),
          'msgs/s': Math.round(rate),
          'vs pipe': pipeRate ? (rate / pipeRate).toFixed(2) : '–',
          'RSS growth MB': Math.round((peak - start) / 1024 / 1024),
          // CPU per record read, this process (the broker's share is not in it): steadier than msgs/s on a shared machine. The rest of user is system time (socket writes).
          'Node CPU µs/rec': `${((used.user + used.system) / done.counts.read).toFixed(1)} (${(used.user / done.counts.read).toFixed(1)} user)`,
          load: load(),
        });
      }
    } finally {
      await replay.close();
      await kafka.close();
      await db.close();
      await scratch.drop();
    }
    return rows;
  },
};
