// The demo's topics and their configurations, and the code that creates them.
import type { Admin, ITopicConfig } from 'kafkajs';
import type { TopicNames } from './names';

const hour = 3_600_000;
const day = 24 * hour;
const mib = 1024 * 1024;

export interface TopicSpec {
  partitions: number;
  config: Record<string, string>;
}

/**
 * Why these numbers:
 * - Business topics keep a day: long enough to replay today's traffic from the console. The
 *   per-partition byte cap keeps a long benchmark from filling a laptop's disk.
 * - The dead-letter topic keeps two weeks: someone has to look at it, maybe after a holiday.
 * - `order-events` is the event-sourced history of each order, the source of truth the
 *   projection is rebuilt from, so it is never expired by age (only the same safety cap by size;
 *   a real system would size its disks instead). It has more partitions because every order
 *   writes several events to it.
 * - Keys are order ids everywhere, so partition counts only bound consumer parallelism.
 */
export function topicSpecs(names: TopicNames): Map<string, TopicSpec> {
  const business = (partitions: number): TopicSpec => ({
    partitions,
    config: { 'retention.ms': String(day), 'retention.bytes': String(256 * mib), 'cleanup.policy': 'delete' },
  });
  return new Map<string, TopicSpec>([
    [names.orders, business(6)],
    [names.payments, business(6)],
    [names.paymentsRetry, business(6)],
    [
      names.paymentsDlq,
      { partitions: 6, config: { 'retention.ms': String(14 * day), 'retention.bytes': String(256 * mib), 'cleanup.policy': 'delete' } },
    ],
    [names.inventory, business(6)],
    [names.shipments, business(6)],
    [names.loyalty, business(6)],
    [
      names.orderEvents,
      { partitions: 12, config: { 'retention.ms': '-1', 'retention.bytes': String(512 * mib), 'cleanup.policy': 'delete' } },
    ],
  ]);
}

/**
 * Creates the topics that do not exist yet and waits until every partition has a leader.
 * Safe to call from several processes at once (one service per process).
 */
export async function ensureTopics(admin: Admin, specs: Map<string, TopicSpec>, timeoutMs = 30_000): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = [...specs.keys()].filter((topic) => !existing.has(topic));
  if (missing.length > 0) {
    const { brokers } = await admin.describeCluster();
    const replicationFactor = Math.min(3, brokers.length);
    const topics: ITopicConfig[] = missing.map((topic) => {
      const spec = specs.get(topic)!;
      return {
        topic,
        numPartitions: spec.partitions,
        replicationFactor,
        configEntries: Object.entries(spec.config).map(([name, value]) => ({ name, value })),
      };
    });
    // Returns false, without throwing, when another process created them first. kafkajs's own
    // `waitForLeaders: true` gives up when the broker answers UNKNOWN_TOPIC_OR_PARTITION, which
    // KRaft does for a moment after a create on a busy machine, so we wait ourselves below.
    await admin.createTopics({ topics, waitForLeaders: false, timeout: timeoutMs });
  }
  await waitForLeaders(admin, [...specs.keys()], timeoutMs);
  return missing;
}

/**
 * Waits until every partition has a leader that serves it. Metadata names a leader as soon as
 * the controller elects it, but on KRaft the broker may answer NOT_LEADER for a moment longer
 * (seen: up to ~2 s on 2 cores), which kafkajs producers sit out with back-off. Asking each
 * leader for its offsets (ListOffsets) proves it is ready, so the demo starts warm.
 */
async function waitForLeaders(admin: Admin, topics: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let problem: unknown = null;
    try {
      const metadata = await admin.fetchTopicMetadata({ topics });
      const leaderless = metadata.topics.find((t) => t.partitions.length === 0 || t.partitions.some((p) => p.leader < 0));
      if (leaderless) problem = new Error(`${leaderless.name} has partitions without a leader`);
      else await Promise.all(topics.map((topic) => admin.fetchTopicOffsets(topic)));
    } catch (err) {
      problem = err;
    }
    if (problem === null) return;
    if (Date.now() > deadline) {
      throw new Error(`Topics not ready after ${timeoutMs} ms (${topics.join(', ')}): ${String(problem)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
