// The collector as separate processes (`scripts/collector.ts`) on one PostgreSQL database:
// SIGKILLed at random moments and restarted, it ends with exactly what was produced —
// events, trace counts and positions; and two processes in one group store every event once.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createKafka } from '../kafka/kafka-client';
import { testKafkaBrokers, uniqueName } from '../kafka/test-support/test-kafka';
import { createLogger } from '../log/logger';
import { createDatabase, type Database } from '../store';
import { createScratch, type Scratch } from '../store/test-support/scratch-databases';

const root = fileURLToPath(new URL('../../', import.meta.url));
const log = createLogger({ level: 'warn' });
const PARTITIONS = 3;
const children = new Set<ChildProcess>();

function startCollector(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/collector.ts'], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', () => {});
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

async function kill(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}

afterEach(async () => {
  await Promise.all([...children].map((c) => kill(c, 'SIGKILL')));
});

/** Produces `n` events on `topic`, 20 traces of n/20 events each, spread over the partitions. */
async function produce(topic: string, n: number) {
  const kafka = createKafka({ brokers: testKafkaBrokers(), clientId: 'collector-processes-int' }, log);
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  const messages = Array.from({ length: n }, (_, i) => ({
    key: `k${i}`,
    value: JSON.stringify({ id: `${topic}-${i}`, n: i, pad: 'x'.repeat(200) }),
    headers: { 'x-correlation-id': `${topic}-trace-${i % 20}` },
    partition: i % PARTITIONS,
  }));
  for (let i = 0; i < n; i += 1000) await producer.send({ topic, messages: messages.slice(i, i + 1000) });
  await producer.disconnect();
}

async function counts(db: Database, topic: string, groupId: string) {
  const { rows } = await db.sql.query<{ events: number; distinct_offsets: number; trace_sum: number; positions: number }>(
    `SELECT (SELECT count(*) FROM events WHERE topic = $1)::int AS events,
            (SELECT count(DISTINCT (partition, "offset")) FROM events WHERE topic = $1)::int AS distinct_offsets,
            (SELECT coalesce(sum(event_count), 0) FROM traces WHERE correlation_id LIKE $1 || '-trace-%')::int AS trace_sum,
            (SELECT coalesce(sum(next_offset), 0) FROM collector_offsets WHERE topic = $1 AND group_id = $2)::int AS positions`,
    [topic, groupId],
  );
  return rows[0]!;
}

let scratch: Scratch;
let db: Database;
beforeAll(async () => {
  scratch = await createScratch('postgres', 'collector_procs');
  db = await createDatabase(scratch.config);
});
afterAll(async () => {
  await db?.close();
  await scratch?.drop();
});

const envFor = (topic: string, groupId: string) => ({
  KAFKA_BROKERS: testKafkaBrokers().join(','),
  DATABASE_URL: scratch.config.url!,
  EVENTLINE_DATA_DIR: scratch.config.dataDir,
  EVENTLINE_COLLECTOR_INCLUDE: `^${topic.replace(/[.]/g, '\\.')}$`,
  EVENTLINE_COLLECTOR_GROUP: groupId,
  // A killed process holds its partitions until its session expires: keep that short.
  EVENTLINE_COLLECTOR_SESSION_TIMEOUT_MS: '6000',
});

describe('collector processes', () => {
  it('SIGKILLed at random moments and restarted, stores exactly what was produced', async () => {
    const topic = uniqueName('kill');
    const groupId = uniqueName('kill-group');
    // Each round is killed once it has stored a random part of N/8 more, then up to 0.2 s
    // later: three rounds cannot store it all, however fast the collector is (a round timed
    // from its first write did, once writes got faster), so every kill lands with work in flight.
    const N = 300_000;
    await produce(topic, N);
    const rounds: { before: number; atKill: number }[] = [];
    for (let round = 0; round < 3; round++) {
      const before = (await counts(db, topic, groupId)).events;
      const child = startCollector(envFor(topic, groupId));
      // Once it is writing, kill it at a random moment. A write holds the batches of every
      // partition of a fetch (~3,300 rows each) and the process is in a transaction most of
      // the time, so most kills land mid-transaction; the stored count then stays at a
      // batch boundary.
      const killFrom = before + 1 + Math.floor(Math.random() * (N / 8));
      await expect.poll(async () => (await counts(db, topic, groupId)).events, { timeout: 60_000, interval: 10 }).toBeGreaterThanOrEqual(killFrom);
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 200)));
      await kill(child, 'SIGKILL');
      rounds.push({ before, atKill: (await counts(db, topic, groupId)).events });
    }
    for (const [i, r] of rounds.entries()) {
      expect(r.atKill, `round ${i + 1} stored something before its kill`).toBeGreaterThan(r.before);
      expect(r.atKill, `round ${i + 1} was killed with events still to store`).toBeLessThan(N);
    }
    const resumedAt = performance.now();
    const resumedFrom = (await counts(db, topic, groupId)).events;
    const last = startCollector(envFor(topic, groupId));
    await expect.poll(async () => (await counts(db, topic, groupId)).events, { timeout: 240_000, interval: 200 }).toBe(N);
    const rate = Math.round((N - resumedFrom) / ((performance.now() - resumedAt) / 1000));
    await kill(last, 'SIGTERM');
    const c = await counts(db, topic, groupId);
    console.log(`kill test: killed at ${rounds.map((r) => r.atKill).join(', ')} of ${N} stored events; the last process stored the other ${N - resumedFrom} at ${rate} events/s (start-up included); final ${JSON.stringify(c)}`);
    expect(c).toEqual({ events: N, distinct_offsets: N, trace_sum: N, positions: N });
  }, 480_000);

  it('two processes in one group share the partitions and store every event once', async () => {
    const topic = uniqueName('pair');
    const groupId = uniqueName('pair-group');
    const N = 6000;
    await produce(topic, N);
    const a = startCollector(envFor(topic, groupId));
    const b = startCollector(envFor(topic, groupId));
    await expect.poll(async () => (await counts(db, topic, groupId)).events, { timeout: 60_000, interval: 200 }).toBe(N);
    await Promise.all([kill(a, 'SIGTERM'), kill(b, 'SIGTERM')]);
    expect(await counts(db, topic, groupId)).toEqual({ events: N, distinct_offsets: N, trace_sum: N, positions: N });
  }, 90_000);
});
