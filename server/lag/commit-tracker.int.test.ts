import type { Admin, Consumer, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaService, type KafkaService } from '../kafka';
import { testKafkaBrokers, uniqueName } from '../kafka/test-support/test-kafka';
import { createLogger } from '../log/logger';
import { createCommitTracker, OFFSETS_TOPIC, TRACKER_GROUP_PREFIX, type CommitTracker } from './commit-tracker';
import { decodeConsumerOffsetsRecord, type ConsumerOffsetsRecord } from './consumer-offsets-codec';
import { createLagMonitor } from './lag-monitor';
import { DEFAULT_KAFKA_VERSION } from '../local-kafka';

/** The test broker's version (kafka-global-setup starts $KAFKA_VERSION, else the default). */
const BROKER_VERSION = process.env.KAFKA_VERSION ?? DEFAULT_KAFKA_VERSION;

// Real clock here: commit times come from the broker, so the monitor's clock cannot be
// skewed the way lag-monitor.int.test.ts does. A short window keeps each test to seconds.
const INTERVAL = 500;
const WINDOW = 6;
const SPAN = (WINDOW - 1) * INTERVAL;
const log = createLogger({ level: 'error' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let kafka: KafkaService;
let admin: Admin;
let producer: Producer;
let tracker: CommitTracker;
let trackerGroup: string;
let loadedInMs: number | null = null;
const members: Consumer[] = [];

beforeAll(async () => {
  kafka = createKafkaService({ brokers: testKafkaBrokers(), clientId: 'commit-tracker-int-test' }, log);
  admin = kafka.client.admin();
  await admin.connect();
  producer = kafka.client.producer();
  await producer.connect();
  // Something in __consumer_offsets before the tracker starts, so it has a log to load.
  const topic = await topicWith(10);
  await kafka.setGroupOffsets(uniqueName('ct-before'), topic, [{ partition: 0, offset: 4 }]);
  trackerGroup = uniqueName(TRACKER_GROUP_PREFIX + 'test');
  tracker = createCommitTracker({ kafka, log, keepMs: SPAN * 2, groupId: trackerGroup });
  await tracker.start();
  const status = await tracker.whenReady(20_000);
  expect(status.state).toBe('ready');
  loadedInMs = status.loadedInMs;
  console.info(`commit tracker loaded ${OFFSETS_TOPIC} in ${loadedInMs} ms`);
}, 40_000);

afterAll(async () => {
  for (const m of members) await m.disconnect().catch(() => undefined);
  await tracker?.stop();
  await producer?.disconnect();
  await admin?.disconnect();
  await kafka?.close();
});

async function topicWith(messages: number) {
  const topic = uniqueName('ct-topic');
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1, replicationFactor: 1 }] });
  await producer.send({ topic, messages: Array.from({ length: messages }, (_, i) => ({ partition: 0, value: `m${i}` })) });
  return topic;
}

/** A group member that owns the partition but reads nothing (paused); commits `offset` every `everyMs` if given. */
async function stuckMember(groupId: string, topic: string, offset: number, everyMs: number | null) {
  const c = kafka.client.consumer({ groupId, maxWaitTimeInMs: 200 });
  members.push(c);
  const joined = new Promise<void>((resolve) => c.on(c.events.GROUP_JOIN, () => resolve()));
  await c.connect();
  await c.subscribe({ topics: [topic], fromBeginning: true });
  await c.run({ autoCommit: false, eachBatch: async () => undefined });
  c.pause([{ topic }]);
  await joined;
  await c.commitOffsets([{ topic, partition: 0, offset: String(offset) }]);
  if (everyMs === null) return () => undefined;
  const timer = setInterval(() => void c.commitOffsets([{ topic, partition: 0, offset: String(offset) }]).catch(() => undefined), everyMs);
  return () => clearInterval(timer);
}

/** Polls the monitor once per interval, on the real clock, until `done` or the cycles run out. */
async function pollUntil(monitor: ReturnType<typeof createLagMonitor>, groupId: string, done: (status: string) => boolean, cycles: number) {
  const seen: string[] = [];
  for (let i = 0; i < cycles; i++) {
    await monitor.refresh();
    const g = monitor.group(groupId);
    seen.push(g?.status ?? 'none');
    if (g && done(g.status)) return { group: g, seen };
    await sleep(INTERVAL);
  }
  return { group: monitor.group(groupId), seen };
}

describe(`commit tracker on the real broker (Kafka ${BROKER_VERSION})`, () => {
  it('loads __consumer_offsets and reads commits with the coordinator timestamps', async () => {
    expect(loadedInMs).not.toBeNull();
    expect(loadedInMs!).toBeLessThan(15_000);
    const topic = await topicWith(10);
    const group = uniqueName('ct-commit');
    const before = Date.now();
    await kafka.setGroupOffsets(group, topic, [{ partition: 0, offset: 7 }]);
    const after = Date.now();
    await expect.poll(() => tracker.commitsOf(group, topic, 0)?.offset, { timeout: 10_000, interval: 100 }).toBe(7);
    const c = tracker.commitsOf(group, topic, 0)!;
    // Same machine, same clock: the broker stamped it between our two readings.
    expect(c.lastAt).toBeGreaterThanOrEqual(before - 50);
    expect(c.lastAt).toBeLessThanOrEqual(after + 50);
    expect(c.recent).toEqual([c.lastAt]);
  });

  it('decodes every record the broker wrote to __consumer_offsets: commits, group metadata, deletions', async () => {
    const topic = await topicWith(3);
    const group = uniqueName('ct-decode');
    await stuckMember(group, topic, 2, null);
    await admin.deleteGroups([uniqueName('ct-none')]).catch(() => undefined);
    const gone = uniqueName('ct-gone');
    await kafka.setGroupOffsets(gone, topic, [{ partition: 0, offset: 1 }]);
    await admin.deleteGroups([gone]);
    const reader = kafka.client.consumer({ groupId: uniqueName(TRACKER_GROUP_PREFIX + 'decode'), maxWaitTimeInMs: 200 });
    const decoded: ConsumerOffsetsRecord[] = [];
    await reader.connect();
    try {
      await reader.subscribe({ topics: [OFFSETS_TOPIC], fromBeginning: true });
      await reader.run({ autoCommit: false, eachMessage: async ({ message }) => void decoded.push(decodeConsumerOffsetsRecord(message.key, message.value)) });
      await expect.poll(() => decoded.some((r) => r.kind === 'deleted' && r.group === gone), { timeout: 15_000, interval: 100 }).toBe(true);
    } finally {
      await reader.disconnect();
    }
    const kinds = new Set(decoded.map((r) => r.kind));
    expect([...kinds].sort()).toEqual(['commit', 'deleted', 'other']);
    const mine = decoded.find((r) => r.kind === 'commit' && r.group === group);
    expect(mine).toMatchObject({ kind: 'commit', topic, partition: 0, offset: 2 });
    // Kafka 3.x stores value version 3, Kafka 4 the flexible version 4 (run with KAFKA_VERSION=4.1.1);
    // kafkajs sends no leader epoch, stored as -1, so none is reported.
    expect(mine).toHaveProperty('valueVersion', BROKER_VERSION.startsWith('3.') ? 3 : 4);
    expect(mine).not.toHaveProperty('leaderEpoch');
  });

  it('says STALL when a member keeps committing the same offset while messages wait', async () => {
    const topic = await topicWith(10);
    const group = uniqueName('ct-stall');
    const stopCommitting = await stuckMember(group, topic, 3, 300);
    try {
      const monitor = createLagMonitor({ kafka, log, intervalMs: INTERVAL, windowSize: WINDOW, commits: tracker });
      const { group: g, seen } = await pollUntil(monitor, group, (s) => s !== 'OK', WINDOW + 4);
      expect(seen.slice(0, WINDOW - 1).every((s) => s === 'OK')).toBe(true);
      expect(g!.status).toBe('STALL');
      expect(g!.reason).toMatch(/commits in the last \d+ s left the offset at 3 while 7 messages wait/);
      const p = g!.partitions[0]!;
      expect(p.owner).not.toBeNull();
      // The last commit is the broker's time of the latest same-offset commit, not when the offset last moved.
      expect(Date.now() - p.lastCommitAt!).toBeLessThan(INTERVAL * 3);
    } finally {
      stopCommitting();
    }
  });

  it('says STOP when a paused member stops committing, with the real time of its last commit', async () => {
    const topic = await topicWith(10);
    const group = uniqueName('ct-stop');
    const before = Date.now();
    await stuckMember(group, topic, 4, null);
    const after = Date.now();
    const monitor = createLagMonitor({ kafka, log, intervalMs: INTERVAL, windowSize: WINDOW, commits: tracker });
    const { group: g } = await pollUntil(monitor, group, (s) => s === 'STOP', WINDOW + 6);
    expect(g!.status).toBe('STOP');
    expect(g!.reason).toMatch(/last commit \d+ s ago while 6 messages wait/);
    const p = g!.partitions[0]!;
    expect(p.lastCommitAt).toBeGreaterThanOrEqual(before - 50);
    expect(p.lastCommitAt).toBeLessThanOrEqual(after + 50);
  });

  it('stops in bounded time and leaves its group', async () => {
    const groupId = uniqueName(TRACKER_GROUP_PREFIX + 'stop');
    const t = createCommitTracker({ kafka, log, keepMs: SPAN, groupId });
    await t.start();
    expect((await t.whenReady(20_000)).state).toBe('ready');
    const started = performance.now();
    await t.stop();
    expect(performance.now() - started).toBeLessThan(5000);
    expect(t.status()).toMatchObject({ state: 'unavailable', reason: 'the commit tracker is stopped' });
    expect(t.commitsOf('any', 'topic', 0)).toBeNull();
    const { groups } = await admin.describeGroups([groupId]);
    expect(groups[0]!.members).toEqual([]);
  });

  it('never commits offsets for its own group', async () => {
    const offsets = await admin.fetchOffsets({ groupId: trackerGroup, topics: [OFFSETS_TOPIC] });
    expect(offsets[0]!.partitions.every((p) => p.offset === '-1')).toBe(true);
    expect(tracker.commitsOf(trackerGroup, OFFSETS_TOPIC, 0)).toBeNull();
  });
});

describe('commit tracker that cannot read __consumer_offsets', () => {
  it('reports unavailable with the reason, stops in bounded time, and the monitor falls back saying so', async () => {
    // Nothing listens on port 9: every call fails the way a denied or unreachable broker does, without mocks.
    const unreachable = createKafkaService({ brokers: ['127.0.0.1:9'], clientId: 'commit-tracker-down' }, log);
    const down = createCommitTracker({ kafka: unreachable, log, keepMs: SPAN * 2, startTimeoutMs: 10_000 });
    try {
      const started = performance.now();
      await down.start();
      const status = await down.whenReady(10_000);
      expect(performance.now() - started).toBeLessThan(20_000);
      expect(status.state).toBe('unavailable');
      expect(status.reason).toMatch(/^cannot read __consumer_offsets: /);

      const topic = await topicWith(5);
      const group = uniqueName('ct-fallback');
      await kafka.setGroupOffsets(group, topic, [{ partition: 0, offset: 1 }]);
      const monitor = createLagMonitor({ kafka, log, intervalMs: INTERVAL, windowSize: WINDOW, commits: down });
      const { group: g } = await pollUntil(monitor, group, (s) => s === 'STOP', WINDOW + 6);
      expect(g!.status).toBe('STOP');
      expect(g!.reason).toMatch(/commit tracker unavailable: cannot read __consumer_offsets: .*: a consumer still committing the same offset shows as STOP, not STALL/);
      expect(g!.partitions[0]!.lastCommitAt).toBeNull();
      expect(monitor.snapshot().commitTracker).toEqual({ state: 'unavailable', reason: status.reason });
    } finally {
      const stopping = performance.now();
      await down.stop();
      expect(performance.now() - stopping).toBeLessThan(11_000);
      await unreachable.close();
    }
  }, 60_000);
});
