import { CompressionTypes, Partitioners, type IHeaders, type Kafka, type PartitionMetadata, type Producer } from 'kafkajs';
import { lazyAdmin, lazyConnection } from './lazy-connection';
import { TopicNotFoundError, translateKafkaError } from './kafka-errors';

/** One record to write, bytes as they are. */
export interface OutgoingRecord {
  key: Buffer | null;
  value: Buffer | null;
  /** In order; a repeated name is written as repeated headers. */
  headers: { key: string; value: Buffer | null }[];
  /** Epoch ms; absent: the producer stamps the time of sending. */
  timestamp?: number;
  /** Absent: the key picks the partition (kafkajs's default partitioner, Java-compatible murmur2). */
  partition?: number;
}

/**
 * Bytes of one partition in one produce request at most: the broker refuses a partition's
 * batch over message.max.bytes (1 MB by default), and the key may send every record of a
 * batch to one partition (a replay of one source partition keyed the same way lands in one
 * target partition).
 */
const MAX_PARTITION_BYTES = 900 * 1024;
/** Bytes of one produce request at most (several partitions). */
const MAX_REQUEST_BYTES = 8 * 1024 * 1024;
/** Per-record overhead in a v2 batch, roughly (lengths, attributes, deltas). */
const RECORD_OVERHEAD = 24;
/** How long a topic's partition count is trusted before it is asked again. */
const METADATA_TTL_MS = 30_000;
/**
 * Idempotent producers sending side by side. kafkajs lets an idempotent producer have one
 * request in flight, so one producer spends most of a replay waiting for acks; several,
 * each owning the partitions whose number modulo this count is its index, overlap those
 * waits while every partition still goes through one producer, in order.
 */
export const WRITER_PRODUCERS = 4;

const sizeOf = (r: OutgoingRecord) => RECORD_OVERHEAD + (r.key?.length ?? 0) + (r.value?.length ?? 0) + r.headers.reduce((n, h) => n + h.key.length + (h.value?.length ?? 0) + 4, 0);

export type Placed = { topic: string; records: (OutgoingRecord & { partition: number })[] };

/**
 * Cuts placed records into requests, each partition's share under MAX_PARTITION_BYTES and
 * the request under MAX_REQUEST_BYTES, keeping every partition's records in order.
 */
function chunked(batches: Placed[]): Placed[][] {
  const sends: Placed[][] = [];
  let current = new Map<string, Placed>();
  let perPartition = new Map<string, number>();
  let total = 0;
  const flush = () => {
    if (current.size) sends.push([...current.values()]);
    current = new Map();
    perPartition = new Map();
    total = 0;
  };
  for (const b of batches) {
    for (const r of b.records) {
      const size = sizeOf(r);
      const tp = `${b.topic}\u0000${r.partition}`;
      const used = perPartition.get(tp) ?? 0;
      if ((used > 0 && used + size > MAX_PARTITION_BYTES) || (total > 0 && total + size > MAX_REQUEST_BYTES)) flush();
      const entry = current.get(b.topic) ?? { topic: b.topic, records: [] };
      entry.records.push(r);
      current.set(b.topic, entry);
      perPartition.set(tp, (perPartition.get(tp) ?? 0) + size);
      total += size;
    }
  }
  flush();
  return sends;
}

/** Splits placed records by the producer that owns their partition (partition modulo `count`), order kept. */
export function byProducer(batches: Placed[], count: number): Placed[][] {
  const lanes: Placed[][] = Array.from({ length: count }, () => []);
  for (const b of batches) {
    const split: Placed[] = Array.from({ length: count }, () => ({ topic: b.topic, records: [] }));
    for (const r of b.records) split[r.partition % count]!.records.push(r);
    split.forEach((s, i) => s.records.length > 0 && lanes[i]!.push(s));
  }
  return lanes;
}

/**
 * Writes records with WRITER_PRODUCERS idempotent producers (acks=all, one request in
 * flight each, so a retried send is never written twice or reordered); a partition always
 * goes through the same producer. For replay: the bytes given are the bytes written;
 * nothing is compressed or re-encoded.
 */
export function createRecordWriter(kafka: Kafka, brokers: string[]) {
  const producers = Array.from({ length: WRITER_PRODUCERS }, () =>
    lazyConnection<Producer>(() => kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false })),
  );
  const admin = lazyAdmin(kafka);
  // The producer's own partitioner, run here so that requests can be cut per partition.
  const partitioner = Partitioners.DefaultPartitioner();
  const metadata = new Map<string, { at: number; partitions: PartitionMetadata[] }>();

  async function partitionsOf(topic: string): Promise<PartitionMetadata[]> {
    const known = metadata.get(topic);
    if (known && Date.now() - known.at < METADATA_TTL_MS) return known.partitions;
    const res = await (await admin.get()).fetchTopicMetadata({ topics: [topic] });
    const partitions = res.topics[0]?.partitions ?? [];
    metadata.set(topic, { at: Date.now(), partitions });
    return partitions;
  }

  async function place(b: { topic: string; records: OutgoingRecord[] }): Promise<Placed> {
    const partitionMetadata = await partitionsOf(b.topic);
    return {
      topic: b.topic,
      records: b.records.map((r) => ({ ...r, partition: r.partition ?? partitioner({ topic: b.topic, partitionMetadata, message: { key: r.key, value: r.value } }) })),
    };
  }

  /** Sends every record, grouped by topic, and resolves once the brokers acknowledged them all. */
  async function send(batches: { topic: string; records: OutgoingRecord[] }[]): Promise<void> {
    let placed: Placed[];
    try {
      placed = await Promise.all(batches.filter((b) => b.records.length > 0).map(place));
    } catch (err) {
      await admin.close();
      throw translateKafkaError(err, { brokers, topic: batches.length === 1 ? batches[0]!.topic : undefined });
    }
    // Each producer sends its partitions' requests in order, one after the other; the
    // producers run side by side. All of them settle before send returns, so a failure
    // leaves nothing in flight behind the caller's back.
    const lanes = byProducer(placed, producers.length);
    const results = await Promise.allSettled(
      lanes.map(async (lane, i) => {
        for (const part of chunked(lane)) await sendOne(producers[i]!, part);
      }),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  async function sendOne(producer: (typeof producers)[number], batches: { topic: string; records: OutgoingRecord[] }[]): Promise<void> {
    const topicMessages = batches
      .filter((b) => b.records.length > 0)
      .map((b) => ({
        topic: b.topic,
        messages: b.records.map((r) => ({
          key: r.key,
          value: r.value,
          headers: toHeaders(r.headers),
          timestamp: r.timestamp === undefined ? undefined : String(r.timestamp),
          partition: r.partition,
        })),
      }));
    if (topicMessages.length === 0) return;
    try {
      await (await producer.get()).sendBatch({ topicMessages, acks: -1, compression: CompressionTypes.None });
    } catch (err) {
      // A broken producer is dropped so the next send reconnects (and gets a new producer id).
      await producer.close();
      throw translateKafkaError(err, { brokers, topic: topicMessages.length === 1 ? topicMessages[0]!.topic : undefined });
    }
  }

  /** The topic's partitions as the producer would see them; TopicNotFoundError when it does not exist. */
  async function partitions(topic: string): Promise<number> {
    try {
      metadata.delete(topic);
      const found = await partitionsOf(topic);
      if (found.length === 0) throw new TopicNotFoundError(topic);
      return found.length;
    } catch (err) {
      await admin.close();
      throw translateKafkaError(err, { brokers, topic });
    }
  }

  return {
    send,
    partitions,
    async close() {
      await Promise.all([...producers.map((p) => p.close()), admin.close()]);
    },
  };
}

/** kafkajs takes headers as an object; a name seen twice becomes an array, written as two headers. */
function toHeaders(headers: OutgoingRecord['headers']): IHeaders {
  const out: IHeaders = {};
  for (const h of headers) {
    // kafkajs cannot write a null header value; an empty one is the closest it has.
    const value = h.value ?? Buffer.alloc(0);
    const prev = out[h.key];
    if (prev === undefined) out[h.key] = value;
    else out[h.key] = [...(Array.isArray(prev) ? prev : [prev]), value] as Buffer[];
  }
  return out;
}

export type RecordWriter = ReturnType<typeof createRecordWriter>;
