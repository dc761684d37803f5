import { Kafka, logLevel, type Message } from 'kafkajs';
import { testKafkaBrokers } from '../../kafka/test-support/test-kafka';
import { createRecordReader, type RawRecord } from '../../kafka/record-reader';

/** A plain kafkajs client of the test's own, for producing fixtures and reading results back. */
export function fixtureKafka(brokers = testKafkaBrokers()) {
  return new Kafka({ brokers, clientId: 'replay-fixtures', logLevel: logLevel.NOTHING });
}

export async function createTopics(kafka: Kafka, topics: { topic: string; partitions?: number }[]) {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: topics.map((t) => ({ topic: t.topic, numPartitions: t.partitions ?? 1, replicationFactor: 1 })) });
  await admin.disconnect();
}

/** Idempotent, so a request retried on a busy machine never writes a fixture twice (tests count exactly). */
export async function produce(kafka: Kafka, topic: string, messages: Message[]) {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  for (let i = 0; i < messages.length; i += 1000) await producer.send({ topic, messages: messages.slice(i, i + 1000) });
  await producer.disconnect();
}

/** Every record of a topic, partition by partition, oldest first. */
export async function readAll(kafka: Kafka, brokers: string[], topic: string): Promise<RawRecord[]> {
  const reader = createRecordReader(kafka, brokers);
  try {
    const out: RawRecord[] = [];
    for (const p of await reader.partitionRanges(topic)) {
      let pos = p.logStart;
      while (pos < p.logEnd) {
        const got = await reader.readRange(topic, p.partition, pos, p.logEnd, 5000);
        if (got.length === 0) break;
        out.push(...got);
        pos = got.at(-1)!.offset + 1;
      }
    }
    return out;
  } finally {
    await reader.close();
  }
}

export const headerText = (r: RawRecord, name: string) => {
  const h = r.headers.filter((x) => x.key === name).at(-1);
  return h?.value?.toString('utf8') ?? null;
};

export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
