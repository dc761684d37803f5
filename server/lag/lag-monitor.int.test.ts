import { execFileSync } from 'node:child_process';
import kafkajs, { type Admin, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaService, type KafkaService } from '../kafka';
import { codecImplementations, compressionStats, pristineCodecs } from '../kafka/compression-codecs';
import { testKafkaBrokers, uniqueName } from '../kafka/test-support/test-kafka';
import { createLogger } from '../log/logger';
import { createLagMonitor } from './lag-monitor';
import { TRACKER_GROUP_PREFIX } from './commit-tracker';

// Cycles are driven by refresh() with a clock that advances one interval per cycle, so
// the window fills in milliseconds and nothing waits on timers.
const INTERVAL = 500;
const WINDOW = 10;
const log = createLogger({ level: 'error' });

let kafka: KafkaService;
let admin: Admin;
let producer: Producer;

beforeAll(async () => {
  kafka = createKafkaService({ brokers: testKafkaBrokers(), clientId: 'lag-int-test' }, log);
  admin = kafka.client.admin();
  await admin.connect();
  producer = kafka.client.producer();
  await producer.connect();
});
afterAll(async () => {
  await producer?.disconnect();
  await admin?.disconnect();
  await kafka?.close();
});

function monitorWithClock() {
  let skew = 0;
  const monitor = createLagMonitor({ kafka, log, intervalMs: INTERVAL, windowSize: WINDOW, now: () => Date.now() + skew });
  return {
    monitor,
    async tick(n = 1) {
      for (let i = 0; i < n; i++) {
        skew += INTERVAL;
        await monitor.refresh();
      }
    },
  };
}

async function topicWith(partitions: number, perPartition: number[], timestamp?: number) {
  const topic = uniqueName('lag-topic');
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }] });
  for (let p = 0; p < perPartition.length; p++) {
    if (!perPartition[p]) continue;
    await producer.send({
      topic,
      messages: Array.from({ length: perPartition[p]! }, (_, i) => ({ partition: p, value: `m${i}`, timestamp: timestamp ? String(timestamp + i) : undefined })),
    });
  }
  return topic;
}

// Commits as a standalone client (what the offset reset uses): milliseconds, where admin.setOffsets joins the group.
const commit = (groupId: string, topic: string, offsets: [number, number][]) =>
  kafka.setGroupOffsets(groupId, topic, offsets.map(([partition, offset]) => ({ partition, offset })));

describe('lag monitor on the real broker', () => {
  it('computes lag N − M on the right partitions, and lag in seconds from the produce timestamps', async () => {
    const produced = Date.now() - 120_000;
    const topic = await topicWith(3, [20, 10, 0], produced);
    const group = uniqueName('lag-group');
    await commit(group, topic, [[0, 5], [1, 10], [2, 0]]);
    const { monitor, tick } = monitorWithClock();
    await tick();
    const g = monitor.group(group)!;
    expect(g.state).toBe('Empty');
    const byP = Object.fromEntries(g.partitions.map((p) => [p.partition, p]));
    expect(byP[0]!.lag).toBe(15);
    expect(byP[1]!.lag).toBe(0);
    expect(byP[2]!.lag).toBe(0);
    expect(g.totalLag).toBe(15);
    // The record at offset 5 was written at produced + 5 ms.
    const expected = (Date.now() - (produced + 5)) / 1000;
    expect(byP[0]!.timeLagMethod).toBe('exact');
    expect(Math.abs(byP[0]!.lagSeconds! - expected)).toBeLessThan(INTERVAL / 1000 + 1);
    expect(byP[1]!.lagSeconds).toBe(0);
    expect(g.status).toBe('OK');
  });

  it('measures two groups at different offsets of one plain partition each from its own record, with no note', async () => {
    const produced = Date.now() - 120_000;
    const topic = uniqueName('lag-two-groups');
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1, replicationFactor: 1 }] });
    // One send per record, so each is its own batch: a Fetch from offset 7 does not hold offset 2.
    for (let i = 0; i < 10; i++) await producer.send({ topic, messages: [{ partition: 0, value: `m${i}`, timestamp: String(produced + i) }] });
    const [behind, ahead] = [uniqueName('lag-behind'), uniqueName('lag-ahead')];
    await commit(behind, topic, [[0, 2]]);
    await commit(ahead, topic, [[0, 7]]);
    const { monitor, tick } = monitorWithClock();
    await tick();
    for (const [group, offset] of [[behind, 2], [ahead, 7]] as const) {
      const p = monitor.group(group)!.partitions[0]!;
      expect({ group, method: p.timeLagMethod, note: p.note }).toEqual({ group, method: 'exact', note: null });
      expect(Math.abs(p.lagSeconds! - (Date.now() - (produced + offset)) / 1000)).toBeLessThan(INTERVAL / 1000 + 1);
    }
  });

  it("marks Eventline's own groups: the configured collector group and every commit tracker's", async () => {
    const topic = await topicWith(1, [3]);
    const [collector, tracker, plain] = [uniqueName('own-collector'), `${TRACKER_GROUP_PREFIX}${uniqueName('host')}-1`, uniqueName('lag-group')];
    for (const g of [collector, tracker, plain]) await commit(g, topic, [[0, 1]]);
    const monitor = createLagMonitor({ kafka, log, intervalMs: INTERVAL, windowSize: WINDOW, collectorGroupId: collector });
    await monitor.refresh();
    const own = monitor.snapshot().groups.filter((g) => [collector, tracker, plain].includes(g.groupId));
    expect(Object.fromEntries(own.map((g) => [g.groupId, g.eventline]))).toEqual({ [collector]: true, [tracker]: true, [plain]: false });
  });

  it('reads lag in seconds through compressed batches (zstd and snappy from kcat), and names a partition whose batch cannot be decoded', async () => {
    const topic = uniqueName('lag-codec');
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 2, configEntries: [{ name: 'message.timestamp.type', value: 'LogAppendTime' }] }] });
    const before = compressionStats().decoded;
    const lines = Array.from({ length: 20 }, (_, i) => JSON.stringify({ n: i, pad: 'compressible '.repeat(20) })).join('\n') + '\n';
    const producedFrom = Date.now();
    for (const [p, codec] of [[0, 'zstd'], [1, 'snappy']] as const) {
      execFileSync('kcat', ['-b', testKafkaBrokers()[0]!, '-t', topic, '-p', String(p), '-z', codec, '-P'], { input: lines });
    }
    const producedTo = Date.now();
    const group = uniqueName('lag-codec-group');
    await commit(group, topic, [[0, 5], [1, 5]]);
    const { monitor, tick } = monitorWithClock();
    await tick();
    const byP = Object.fromEntries(monitor.group(group)!.partitions.map((p) => [p.partition, p]));
    // The broker stamped the records (LogAppendTime) while kcat ran: the lag in seconds is
    // now minus that, and the monitor's clock runs one interval ahead.
    const at = Date.now() + INTERVAL;
    for (const p of [0, 1]) {
      expect(byP[p]!.lag).toBe(15);
      expect(byP[p]!.timeLagMethod).toBe('exact');
      expect(byP[p]!.lagSeconds!).toBeGreaterThanOrEqual((at - producedTo) / 1000 - 0.5);
      expect(byP[p]!.lagSeconds!).toBeLessThanOrEqual((at - producedFrom) / 1000 + 0.5);
    }
    const after = compressionStats().decoded;
    expect(after.zstd ?? 0).toBeGreaterThan(before.zstd ?? 0);
    expect(after.snappy ?? 0).toBeGreaterThan(before.snappy ?? 0);

    // A zstd batch that cannot be decoded costs its own partition's peek only.
    const ZSTD = kafkajs.CompressionTypes.ZSTD;
    codecImplementations[ZSTD] = { compress: pristineCodecs[ZSTD]!.compress, decompress: async () => Promise.reject(new Error('corrupt for the test')) };
    try {
      const peeks = await kafka.peekRecords([0, 1].map((partition) => ({ topic, partition, offset: 6 })));
      const byPartition = Object.fromEntries(peeks.map((pk) => [pk.partition, pk]));
      expect(byPartition[0]!.error).toMatch(new RegExp(`Partition 0 of "${topic}" holds a zstd record batch at offset 0 that cannot be decoded`));
      expect(byPartition[1]).toMatchObject({ error: null, first: { offset: 6 } });
    } finally {
      codecImplementations[ZSTD] = pristineCodecs[ZSTD]!;
    }
  });

  it('reports no committed offset as unknown, not 0', async () => {
    const topic = await topicWith(2, [5, 5]);
    const group = uniqueName('lag-group');
    await commit(group, topic, [[0, 1]]);
    const { monitor, tick } = monitorWithClock();
    await tick();
    const ps = monitor.group(group)!.partitions;
    expect(ps.map((p) => p.partition)).toEqual([0]);
    expect(ps[0]!.lag).toBe(4);
  });

  it('turns a group that stops committing while messages wait into STOP within the window', async () => {
    const topic = await topicWith(1, [10]);
    const group = uniqueName('lag-stop');
    await commit(group, topic, [[0, 3]]);
    const { monitor, tick } = monitorWithClock();
    await tick(2);
    expect(monitor.group(group)!.status).toBe('OK');
    await tick(WINDOW);
    const g = monitor.group(group)!;
    expect(g.status).toBe('STOP');
    expect(g.reason).toMatch(/7 messages wait/);
  });

  it('says WARN when the group commits but lag keeps rising', async () => {
    const topic = await topicWith(1, [10]);
    const group = uniqueName('lag-warn');
    let committed = 0;
    await commit(group, topic, [[0, committed]]);
    const { monitor, tick } = monitorWithClock();
    for (let i = 0; i < WINDOW + 1; i++) {
      await producer.send({ topic, messages: Array.from({ length: 4 }, () => ({ partition: 0, value: 'x' })) });
      committed += 2;
      await commit(group, topic, [[0, committed]]);
      await tick();
    }
    const g = monitor.group(group)!;
    expect(g.status).toBe('WARN');
    expect(g.reason).toMatch(/lag keeps rising/);
  });

  it('says REWIND when the committed offset goes backwards', async () => {
    const topic = await topicWith(1, [20]);
    const group = uniqueName('lag-rewind');
    await commit(group, topic, [[0, 15]]);
    const { monitor, tick } = monitorWithClock();
    await tick();
    await commit(group, topic, [[0, 5]]);
    await tick();
    const g = monitor.group(group)!;
    expect(g.status).toBe('REWIND');
    expect(g.reason).toMatch(/went back from 15 to 5/);
  });

  it('reads a transactional topic as caught up when only the commit marker is left', async () => {
    const topic = uniqueName('lag-tx');
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1, replicationFactor: 1 }] });
    const tx = kafka.client.producer({ transactionalId: uniqueName('tx'), idempotent: true, maxInFlightRequests: 1 });
    await tx.connect();
    try {
      const t = await tx.transaction();
      await t.send({ topic, messages: Array.from({ length: 5 }, (_, i) => ({ partition: 0, value: `t${i}` })) });
      await t.commit();
    } finally {
      await tx.disconnect();
    }
    const group = uniqueName('lag-tx-group');
    // A consumer that read every record commits the offset after the last one: the marker's.
    await commit(group, topic, [[0, 5]]);
    const { monitor, tick } = monitorWithClock();
    // EndTxn returns before the coordinator has written the marker into the partition.
    await expect
      .poll(async () => {
        await tick();
        return monitor.group(group)?.partitions[0]?.logEnd;
      }, { timeout: 10_000, interval: 100 })
      .toBe(6);
    const p = monitor.group(group)!.partitions[0]!;
    expect(p.lag).toBe(0);
    expect(p.timeLagMethod).toBe('markers-only');
    await tick(WINDOW + 1);
    expect(monitor.group(group)!.status).toBe('OK');
  });

  it('marks a group reading a deleted topic as ERR', async () => {
    const topic = await topicWith(1, [3]);
    const group = uniqueName('lag-deleted');
    await commit(group, topic, [[0, 1]]);
    const { monitor, tick } = monitorWithClock();
    await tick();
    await admin.deleteTopics({ topics: [topic] });
    await expect
      .poll(async () => {
        await tick();
        const g = monitor.group(group);
        return g === null || g.status === 'ERR' || g.partitions.length === 0;
      }, { timeout: 20_000, interval: 200 })
      .toBe(true);
  });
});
