import { Partitioners, type Kafka, type PartitionMetadata } from 'kafkajs';
import { createIdempotentProducer } from './idempotent-producer';
import { partitionForKey } from './key-partitioner';
import { TopicNotFoundError, translateKafkaError } from './kafka-errors';
import type { InternalCluster } from './kafkajs-internals';
import { lazyInternalCluster } from './lazy-connection';

/** One record to write, bytes as they are. */
export interface OutgoingRecord {
  key: Buffer | null;
  value: Buffer | null;
  /** In order; a repeated name is written as repeated headers, a null value as null, a string value as its UTF-8 bytes. */
  headers: { key: string; value: Buffer | string | null }[];
  /** Epoch ms; absent: the time of sending. */
  timestamp?: number;
  /** Absent: the key picks the partition (kafkajs's default partitioner, Java-compatible murmur2). */
  partition?: number;
}

/** How long a topic's partitions and leaders are trusted before they are asked again. */
const METADATA_TTL_MS = 30_000;

/**
 * Writes records for replay with one idempotent producer of our own
 * (idempotent-producer.ts: acks=all, a re-sent batch is written once, each partition in
 * order), on kafkajs's connections. The bytes given are the bytes written: nothing is
 * compressed or re-encoded.
 */
export function createRecordWriter(kafka: Kafka, brokers: string[]) {
  const cluster = lazyInternalCluster(kafka, { metadataMaxAge: METADATA_TTL_MS });
  // kafkajs's partitioner for keyless records (round robin over the partitions with a leader); keyed ones are placed by partitionForKey.
  const partitioner = Partitioners.DefaultPartitioner();
  const metadata = new Map<string, { at: number; partitions: PartitionMetadata[] }>();

  async function partitionsOf(c: InternalCluster, topic: string, fresh = false): Promise<PartitionMetadata[]> {
    const known = metadata.get(topic);
    if (!fresh && known && Date.now() - known.at < METADATA_TTL_MS) return known.partitions;
    if (fresh) await c.refreshMetadata();
    const res = await c.metadata({ topics: [topic] });
    const partitions = (res.topicMetadata.find((t) => t.topic === topic)?.partitionMetadata ?? []) as PartitionMetadata[];
    metadata.set(topic, { at: Date.now(), partitions });
    return partitions;
  }

  const producer = createIdempotentProducer({
    anyBroker: async () => {
      const c = await cluster.get();
      await c.refreshMetadataIfNecessary();
      return c.findControllerBroker();
    },
    leaderOf: async (topic, partition, stale) => {
      const c = await cluster.get();
      const leader = (await partitionsOf(c, topic, stale)).find((p) => p.partitionId === partition)?.leader;
      if (leader === undefined || leader < 0) {
        metadata.delete(topic);
        throw Object.assign(new Error(`Partition ${partition} of "${topic}" has no leader right now`), { retriable: true, type: 'LEADER_NOT_AVAILABLE' });
      }
      return c.findBroker({ nodeId: String(leader) });
    },
  });

  /** Sends every record, grouped by topic, and resolves once the brokers acknowledged them all. */
  async function send(batches: { topic: string; records: OutgoingRecord[] }[]): Promise<void> {
    const lanes: { topic: string; partition: number; records: OutgoingRecord[] }[] = [];
    try {
      const c = await cluster.get();
      for (const b of batches) {
        if (b.records.length === 0) continue;
        const partitionMetadata = await partitionsOf(c, b.topic);
        if (partitionMetadata.length === 0) throw new TopicNotFoundError(b.topic);
        const byPartition: (OutgoingRecord[] | undefined)[] = [];
        for (const r of b.records) {
          // A keyed record's partition is the hash of its key (as kafkajs and Java place it); a keyless one is spread round robin.
          const partition = r.partition ?? (r.key ? partitionForKey(r.key, partitionMetadata.length) : partitioner({ topic: b.topic, partitionMetadata, message: { key: null, value: r.value } }));
          let lane = byPartition[partition];
          if (!lane) {
            byPartition[partition] = lane = [];
            lanes.push({ topic: b.topic, partition, records: lane });
          }
          lane.push(r);
        }
      }
    } catch (err) {
      throw translateKafkaError(err, { brokers, topic: batches.length === 1 ? batches[0]!.topic : undefined });
    }
    // Every request has been answered (or given up on) when this returns: nothing stays in flight behind the caller's back.
    try {
      await producer.send(lanes);
    } catch (err) {
      const translated = translateKafkaError(err, { brokers, topic: batches.length === 1 ? batches[0]!.topic : undefined });
      if (translated.retriable) {
        metadata.clear();
        await cluster.close();
      }
      throw translated;
    }
  }

  /** The topic's partition count as the producer sees it; TopicNotFoundError when it does not exist. */
  async function partitions(topic: string): Promise<number> {
    try {
      const found = await partitionsOf(await cluster.get(), topic, true);
      if (found.length === 0) throw new TopicNotFoundError(topic);
      return found.length;
    } catch (err) {
      const translated = translateKafkaError(err, { brokers, topic });
      if (translated.retriable) await cluster.close();
      throw translated;
    }
  }

  return {
    send,
    partitions,
    async close() {
      await cluster.close();
    },
  };
}

export type RecordWriter = ReturnType<typeof createRecordWriter>;
