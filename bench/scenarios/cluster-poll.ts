import { Kafka, logLevel } from 'kafkajs';
import { createKafkaService } from '../../server/kafka';
import { createLogger } from '../../server/log/logger';
import { measure, percentile, type Scenario } from '../bench-kit';

const TOPICS = 1000;
const PARTITIONS_PER_TOPIC = 3;
const POLLS = 20;

/**
 * The topics page's poll: metadata of every topic and the low and high watermark of
 * every partition, for 1,000 topics × 3 partitions. Eventline's batched reader beside
 * the obvious kafkajs way (admin.fetchTopicOffsets per topic), so the ratio shows what
 * batching buys.
 */
export const clusterPollScenario: Scenario = {
  name: 'cluster-poll',
  description: `metadata + watermarks for ${TOPICS} topics × ${PARTITIONS_PER_TOPIC} partitions`,
  async run(ctx) {
    const kafka = new Kafka({ brokers: ctx.brokers, clientId: 'bench', logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const names = Array.from({ length: TOPICS }, (_, i) => `bench-poll-${String(i).padStart(4, '0')}`);
    ctx.log(`creating ${TOPICS} topics…`);
    // kafkajs's waitForLeaders trips over KRaft's metadata propagation with many topics
    // at once (UNKNOWN_TOPIC_OR_PARTITION); create without it and wait for leaders here.
    for (let i = 0; i < names.length; i += 100) {
      await admin.createTopics({ waitForLeaders: false, topics: names.slice(i, i + 100).map((topic) => ({ topic, numPartitions: PARTITIONS_PER_TOPIC })) });
    }
    const service = createKafkaService({ brokers: ctx.brokers, clientId: 'bench-reader' }, createLogger({ level: 'error' }));
    for (let waited = 0; ; waited += 500) {
      const state = await service.readCluster().catch(() => null);
      const led = state?.topics.filter((t) => t.name.startsWith('bench-poll-') && t.partitions.length === PARTITIONS_PER_TOPIC && t.partitions.every((p) => p.leader >= 0)).length ?? 0;
      if (led === TOPICS) break;
      if (waited > 120_000) throw new Error(`only ${led} of ${TOPICS} topics have leaders after 2 min`);
      await new Promise((r) => setTimeout(r, 500));
    }
    const producer = kafka.producer();
    await producer.connect();
    await producer.sendBatch({ topicMessages: names.map((topic) => ({ topic, messages: [{ value: 'x' }, { value: 'y' }] })) });
    await producer.disconnect();

    await service.readCluster(); // warm: connections and metadata
    const wall: number[] = [];
    const cpu: number[] = [];
    let partitions = 0;
    for (let i = 0; i < POLLS; i++) {
      const m = await measure(() => service.readCluster());
      wall.push(m.wallMs);
      cpu.push(m.cpuMs);
      partitions = m.result.topics.reduce((s, t) => s + t.partitions.length, 0);
    }
    await service.close();

    ctx.log('the same with kafkajs admin.fetchTopicOffsets per topic (one poll)…');
    const naive = await measure(async () => {
      const meta = await admin.fetchTopicMetadata({ topics: [] });
      await Promise.all(meta.topics.map((t) => admin.fetchTopicOffsets(t.name)));
    });
    const naiveAgain = await measure(async () => {
      const meta = await admin.fetchTopicMetadata({ topics: [] });
      await Promise.all(meta.topics.map((t) => admin.fetchTopicOffsets(t.name)));
    });
    await admin.deleteTopics({ topics: names, timeout: 60_000 }).catch(() => undefined);
    await admin.disconnect();

    const p50 = percentile(wall, 50);
    return [
      { reader: 'eventline batched', partitions, polls: POLLS, 'wall p50 ms': p50, 'wall p99 ms': percentile(wall, 99), 'cpu p50 ms': percentile(cpu, 50), 'vs batched': 1 },
      { reader: 'kafkajs per topic (cold)', partitions, polls: 1, 'wall p50 ms': naive.wallMs, 'wall p99 ms': naive.wallMs, 'cpu p50 ms': naive.cpuMs, 'vs batched': naive.wallMs / p50 },
      { reader: 'kafkajs per topic (warm)', partitions, polls: 1, 'wall p50 ms': naiveAgain.wallMs, 'wall p99 ms': naiveAgain.wallMs, 'cpu p50 ms': naiveAgain.cpuMs, 'vs batched': naiveAgain.wallMs / p50 },
    ];
  },
};
