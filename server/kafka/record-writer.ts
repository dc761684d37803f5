import { CompressionTypes, type IHeaders, type Kafka, type Producer } from 'kafkajs';
import { lazyConnection } from './lazy-connection';
import { translateKafkaError } from './kafka-errors';

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
 * Bytes one produce request carries at most. The broker refuses a partition's batch over
 * message.max.bytes (1 MB by default), and the key may send every record of a send to one
 * partition (a replay of one source partition keyed the same way lands in one target
 * partition), so a send is cut below that whatever the partitioning.
 */
const MAX_SEND_BYTES = 900 * 1024;
/** Per-record overhead in a v2 batch, roughly (lengths, attributes, deltas). */
const RECORD_OVERHEAD = 24;

const sizeOf = (r: OutgoingRecord) => RECORD_OVERHEAD + (r.key?.length ?? 0) + (r.value?.length ?? 0) + r.headers.reduce((n, h) => n + h.key.length + (h.value?.length ?? 0) + 4, 0);

/** Cuts the batches into sends of at most MAX_SEND_BYTES (a single bigger record goes alone). */
function chunked(batches: { topic: string; records: OutgoingRecord[] }[]): { topic: string; records: OutgoingRecord[] }[][] {
  const sends: { topic: string; records: OutgoingRecord[] }[][] = [];
  let current: { topic: string; records: OutgoingRecord[] }[] = [];
  let bytes = 0;
  for (const b of batches) {
    for (const r of b.records) {
      const size = sizeOf(r);
      if (bytes > 0 && bytes + size > MAX_SEND_BYTES) {
        sends.push(current);
        current = [];
        bytes = 0;
      }
      const last = current.at(-1);
      if (last?.topic === b.topic) last.records.push(r);
      else current.push({ topic: b.topic, records: [r] });
      bytes += size;
    }
  }
  if (current.length) sends.push(current);
  return sends;
}

/**
 * Writes records with one idempotent producer (acks=all, one request in flight, so a
 * retried send is never written twice or reordered). For replay: the bytes given are the
 * bytes written; nothing is compressed or re-encoded.
 */
export function createRecordWriter(kafka: Kafka, brokers: string[]) {
  const producer = lazyConnection<Producer>(() => kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false }));

  /** Sends every record, grouped by topic, and resolves once the brokers acknowledged them all. */
  async function send(batches: { topic: string; records: OutgoingRecord[] }[]): Promise<void> {
    // In order, one send after the other: with one request in flight nothing is reordered.
    for (const part of chunked(batches)) await sendOne(part);
  }

  async function sendOne(batches: { topic: string; records: OutgoingRecord[] }[]): Promise<void> {
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

  return { send, close: producer.close };
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
