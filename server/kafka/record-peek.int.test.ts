import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { expect, it } from 'vitest';
import { createLogger } from '../log/logger';
import { createKafkaService, type KafkaService } from './index';
import { testKafkaBrokers, uniqueName } from './test-support/test-kafka';

const TOPICS = 3;
const PARTITIONS = 24;

/** An admin, a producer and a Kafka service on the test broker, for the length of `fn`. */
async function withClients(clientId: string, fn: (c: { admin: Admin; producer: Producer; service: KafkaService }) => Promise<void>) {
  const brokers = testKafkaBrokers();
  const kafka = new Kafka({ brokers, clientId, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer();
  const service = createKafkaService({ brokers, clientId: `${clientId}-service` }, createLogger({ level: 'error' }));
  await Promise.all([admin.connect(), producer.connect()]);
  try {
    await fn({ admin, producer, service });
  } finally {
    await Promise.all([admin.disconnect(), producer.disconnect(), service.close()]);
  }
}

it('peeks the record at the asked offset on every partition of many topics in one call', async () => {
  await withClients('peek-test', async ({ admin, producer, service }) => {
    const names = Array.from({ length: TOPICS }, () => uniqueName('peek'));
    await admin.createTopics({ waitForLeaders: true, topics: names.map((topic) => ({ topic, numPartitions: PARTITIONS })) });
    // Offset 0 and 1 on every partition; offset 1 carries a timestamp that names its place.
    const base = Date.now() - 3_600_000;
    const stamp = (t: number, p: number) => base + t * 1000 + p;
    for (const [t, topic] of names.entries()) {
      const messages = Array.from({ length: PARTITIONS }, (_, p) => [
        { partition: p, value: 'first', timestamp: String(base - 1) },
        { partition: p, value: 'second', timestamp: String(stamp(t, p)) },
      ]).flat();
      await producer.send({ topic, messages });
    }

    const requests = names.flatMap((topic) => Array.from({ length: PARTITIONS }, (_, partition) => ({ topic, partition, offset: 1 })));
    const peeks = await service.peekRecords(requests);

    expect(peeks).toHaveLength(TOPICS * PARTITIONS);
    const wrong = peeks.filter((pk) => pk.error !== null || pk.first?.offset !== 1);
    expect(wrong.map((pk) => `${pk.topic}[${pk.partition}]: ${pk.error ?? JSON.stringify(pk.first)}`)).toEqual([]);
    for (const pk of peeks) expect(pk.first!.timestamp).toBe(stamp(names.indexOf(pk.topic), pk.partition));
  });
});

// Two groups at different offsets of one partition ask for two peeks of it in one call.
// Both used to go into one Fetch, whose one answer served both: the group further back
// was measured from the other group's record and told "the record at the committed
// offset is gone (compaction)" on a plain topic.
it('peeks two offsets of one partition, each at its own record', async () => {
  await withClients('peek-test-same', async ({ admin, producer, service }) => {
    const topic = uniqueName('peek-same');
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
    const base = Date.now() - 3_600_000;
    // One send per record: each record its own batch, as a real producer's records often are.
    for (let i = 0; i < 10; i++) await producer.send({ topic, messages: [{ partition: 0, value: `v${i}`, timestamp: String(base + i) }] });

    const peeks = await service.peekRecords([
      { topic, partition: 0, offset: 2 },
      { topic, partition: 0, offset: 7 },
    ]);

    expect(peeks.map((pk) => [pk.offset, pk.first?.offset, pk.first?.timestamp]).sort()).toEqual([
      [2, 2, base + 2],
      [7, 7, base + 7],
    ]);
  });
});
