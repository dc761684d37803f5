import type { Kafka } from 'kafkajs';
import { lazyInternalCluster, translatedErrors } from './lazy-connection';
import { EARLIEST, LATEST, READ_UNCOMMITTED, type InternalCluster, type MetadataResponse } from './kafkajs-internals';
import { KafkaUnavailableError } from './kafka-errors';
import type { RawClusterState, RawPartition, RawTopic } from './types';

/** Reads tried before a non-connection error is reported (see readCluster). */
const MAX_ATTEMPTS = 3;

/**
 * Reads the whole cluster's metadata and every partition's watermarks in a fixed number
 * of requests: one Metadata request, then per partition leader one ListOffsets request
 * for the earliest and one for the latest offsets of all its partitions.
 *
 * kafkajs's public admin API only offers `fetchTopicOffsets(topic)`, one topic per call,
 * each adding the topic to its metadata target set (a full metadata refresh per new
 * topic): with 1,000 topics that is thousands of requests per poll. So this reader uses
 * kafkajs's internal cluster object (reached through the factory Kafka keeps under a
 * private symbol). It is pinned to kafkajs 2.2.4 and covered by the integration tests;
 * it is the only such reach into kafkajs internals, kept inside server/kafka.
 */
export function createClusterReader(kafka: Kafka, brokers: string[]) {
  const cluster = lazyInternalCluster(kafka);

  async function readOnce(): Promise<RawClusterState> {
    const c = await cluster.get();
    const md = await c.metadata({ topics: [] });
    const topics = md.topicMetadata.map(toRawTopic);
    await fillWatermarks(c, topics);
    return {
      clusterId: md.clusterId,
      controllerId: md.controllerId >= 0 ? md.controllerId : null,
      brokers: md.brokers.map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port, rack: b.rack ?? null })),
      topics,
      observedAt: Date.now(),
    };
  }

  /**
   * Metadata and offsets are read in separate requests, so a topic created, deleted or
   * moving leader in between makes the broker answer NOT_LEADER or UNKNOWN_TOPIC for one
   * partition. That is not an outage: read again with fresh metadata, a few times,
   * before reporting anything. A connection failure is reported at once.
   */
  async function readCluster(): Promise<RawClusterState> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await translatedErrors(cluster, { brokers }, readOnce);
      } catch (err) {
        if (err instanceof KafkaUnavailableError || attempt >= MAX_ATTEMPTS) throw err;
        await new Promise((r) => setTimeout(r, 250 * attempt));
      }
    }
  }

  /** Every topic's name, internal ones included: one Metadata request, no offsets. */
  async function listTopicNames(): Promise<string[]> {
    return translatedErrors(cluster, { brokers }, async () => (await (await cluster.get()).metadata({ topics: [] })).topicMetadata.map((t) => t.topic));
  }

  return { readCluster, listTopicNames, close: cluster.close };
}

function toRawTopic(t: MetadataResponse['topicMetadata'][number]): RawTopic {
  return {
    name: t.topic,
    internal: Boolean(t.isInternal) || t.topic.startsWith('__'),
    partitions: t.partitionMetadata
      .map(
        (p): RawPartition => ({
          partition: p.partitionId,
          leader: p.leader,
          replicas: p.replicas,
          isr: p.isr,
          offlineReplicas: p.offlineReplicas ?? [],
          low: null,
          high: null,
        }),
      )
      .sort((a, b) => a.partition - b.partition),
  };
}

async function fillWatermarks(cluster: InternalCluster, topics: RawTopic[]): Promise<void> {
  // Offline partitions (no leader) cannot answer; their watermarks stay null.
  const byLeader = new Map<number, Map<string, RawPartition[]>>();
  for (const t of topics) {
    for (const p of t.partitions) {
      if (p.leader < 0) continue;
      const forLeader = byLeader.get(p.leader) ?? new Map<string, RawPartition[]>();
      byLeader.set(p.leader, forLeader);
      const list = forLeader.get(t.name) ?? [];
      list.push(p);
      forLeader.set(t.name, list);
    }
  }
  await Promise.all(
    [...byLeader].map(async ([leader, partitionsByTopic]) => {
      const broker = await cluster.findBroker({ nodeId: String(leader) });
      const read = async (topics: Map<string, RawPartition[]>) => {
        const request = (timestamp: number) =>
          broker.listOffsets({
            replicaId: -1,
            isolationLevel: READ_UNCOMMITTED,
            topics: [...topics].map(([topic, ps]) => ({
              topic,
              partitions: ps.map((p) => ({ partition: p.partition, timestamp })),
            })),
          });
        const [low, high] = await Promise.all([request(EARLIEST), request(LATEST)]);
        apply(topics, low.responses, 'low');
        apply(topics, high.responses, 'high');
      };
      try {
        await read(partitionsByTopic);
      } catch (err) {
        if ((err as { name?: string }).name !== 'KafkaJSProtocolError') throw err;
        // kafkajs fails the whole response for one partition's error (a topic deleted or
        // still being created since the metadata was read). Ask topic by topic, so only
        // that topic's watermarks stay unknown (null) for this read.
        await Promise.all(
          [...partitionsByTopic].map(([topic, ps]) =>
            read(new Map([[topic, ps]])).catch((e: { name?: string }) => {
              if (e.name !== 'KafkaJSProtocolError') throw e;
            }),
          ),
        );
      }
    }),
  );
}

function apply(
  partitionsByTopic: Map<string, RawPartition[]>,
  responses: { topic: string; partitions: { partition: number; offset: string }[] }[],
  field: 'low' | 'high',
) {
  for (const r of responses) {
    const ps = partitionsByTopic.get(r.topic);
    if (!ps) continue;
    for (const o of r.partitions) {
      const p = ps.find((x) => x.partition === o.partition);
      if (p) p[field] = Number(o.offset);
    }
  }
}
