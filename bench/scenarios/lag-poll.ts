import { Kafka, logLevel } from 'kafkajs';
import { createKafkaService } from '../../server/kafka';
import { createLagMonitor } from '../../server/lag';
import { createLogger } from '../../server/log/logger';
import { measure, percentile, type Scenario } from '../bench-kit';

const GROUPS = Number(process.env.BENCH_LAG_GROUPS ?? 500);
const TOPICS = Number(process.env.BENCH_LAG_TOPICS ?? 100);
const PARTITIONS_PER_TOPIC = Number(process.env.BENCH_LAG_PARTITIONS ?? 50);
const CYCLES = 10;

/**
 * The lag monitor's cycle: every group listed, described, its committed offsets read,
 * watermarks read, records peeked for lag in seconds. 500 groups on a cluster of 100
 * topics × 50 partitions (5,000 partitions); each group has committed on every partition
 * of one topic, behind the log end so that every partition needs a peek.
 */
export const lagPollScenario: Scenario = {
  name: 'lag-poll',
  description: `lag cycle for ${GROUPS} groups on ${TOPICS} topics × ${PARTITIONS_PER_TOPIC} partitions`,
  async run(ctx) {
    const kafka = new Kafka({ brokers: ctx.brokers, clientId: 'bench', logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const names = Array.from({ length: TOPICS }, (_, i) => `bench-lag-${String(i).padStart(4, '0')}`);
    ctx.log(`creating ${TOPICS} topics × ${PARTITIONS_PER_TOPIC} partitions…`);
    for (let i = 0; i < names.length; i += 10) {
      // waitForLeaders gives up with UNKNOWN_TOPIC_OR_PARTITION under load: create, then poll the metadata.
      await admin.createTopics({ waitForLeaders: false, topics: names.slice(i, i + 10).map((topic) => ({ topic, numPartitions: PARTITIONS_PER_TOPIC })) });
    }
    for (let attempt = 1; ; attempt++) {
      try {
        const md = await admin.fetchTopicMetadata({ topics: names });
        if (md.topics.every((t) => t.partitions.length === PARTITIONS_PER_TOPIC && t.partitions.every((p) => p.leader >= 0))) break;
      } catch (err) {
        if (attempt >= 240) throw err;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    const producer = kafka.producer();
    await producer.connect();
    for (const topic of names) {
      const messages = Array.from({ length: PARTITIONS_PER_TOPIC * 3 }, (_, i) => ({ partition: i % PARTITIONS_PER_TOPIC, value: 'x' }));
      // A new topic's partitions can take a moment to be served after createTopics returns.
      for (let attempt = 1; ; attempt++) {
        try {
          await producer.send({ topic, messages });
          break;
        } catch (err) {
          if (attempt >= 20) throw err;
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    }
    await producer.disconnect();

    const service = createKafkaService({ brokers: ctx.brokers, clientId: 'bench-lag' }, createLogger({ level: 'error' }));
    ctx.log(`committing offsets for ${GROUPS} groups…`);
    for (let g = 0; g < GROUPS; g++) {
      const topic = names[g % names.length]!;
      await service.setGroupOffsets(`bench-group-${g}`, topic, Array.from({ length: PARTITIONS_PER_TOPIC }, (_, partition) => ({ partition, offset: 1 })));
    }
    const monitor = createLagMonitor({ kafka: service, log: createLogger({ level: 'error' }), intervalMs: 5000 });
    const cold = await measure(() => monitor.refresh());
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < CYCLES; i++) {
      const m = await measure(() => monitor.refresh());
      wall.push(m.wallMs);
      cpu.push(m.cpuMs);
    }
    const groups = monitor.details().filter((g) => g.groupId.startsWith('bench-group-'));
    const partitions = groups.reduce((s, g) => s + g.partitions.length, 0);
    const withSeconds = groups.reduce((s, g) => s + g.partitions.filter((p) => p.lagSeconds !== null).length, 0);
    await service.close();
    await admin.deleteTopics({ topics: names, timeout: 60_000 }).catch(() => undefined);
    await admin.disconnect();
    return [
      { cycle: 'first (peeks every partition)', groups: groups.length, 'group partitions': partitions, 'with lag s': withSeconds, 'wall ms': Math.round(cold.wallMs), 'cpu ms': Math.round(cold.cpuMs) },
      { cycle: `next ${CYCLES} p50 (cached)`, groups: groups.length, 'group partitions': partitions, 'with lag s': withSeconds, 'wall ms': Math.round(percentile(wall, 50)), 'cpu ms': Math.round(percentile(cpu, 50)) },
      { cycle: `next ${CYCLES} p99`, groups: groups.length, 'group partitions': partitions, 'with lag s': withSeconds, 'wall ms': Math.round(percentile(wall, 99)), 'cpu ms': Math.round(percentile(cpu, 99)) },
    ];
  },
};
