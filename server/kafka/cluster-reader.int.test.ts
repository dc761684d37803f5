import { Kafka, logLevel } from 'kafkajs';
import { expect, it } from 'vitest';
import { createLogger } from '../log/logger';
import { createKafkaService } from './index';
import { testKafkaBrokers, uniqueName } from './test-support/test-kafka';

it('reads the cluster without failing while topics are created and deleted around it', async () => {
  const brokers = testKafkaBrokers();
  const service = createKafkaService({ brokers, clientId: 'reader-churn-test' }, createLogger({ level: 'error' }));
  const admin = new Kafka({ brokers, clientId: 'churn', logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  const stable = uniqueName('stable');
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic: stable, numPartitions: 2 }] });
  const producer = new Kafka({ brokers, clientId: 'churn-producer', logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  await producer.send({ topic: stable, messages: Array.from({ length: 7 }, (_, i) => ({ partition: i % 2, value: `v${i}` })) });
  await producer.disconnect();
  const names = Array.from({ length: 8 }, () => uniqueName('churn'));
  let churning = true;
  const churn = (async () => {
    for (const topic of names) {
      await admin.createTopics({ waitForLeaders: false, topics: [{ topic, numPartitions: 3 }] });
      await admin.deleteTopics({ topics: [topic] });
    }
    churning = false;
  })();
  try {
    let reads = 0;
    while (churning || reads < 5) {
      const state = await service.readCluster();
      // Topics that change under the read may lack watermarks; the others must be exact.
      const kept = state.topics.find((t) => t.name === stable)!;
      expect(kept.partitions.reduce((sum, p) => sum + (p.high ?? NaN) - (p.low ?? NaN), 0)).toBe(7);
      reads += 1;
    }
    await churn;
    expect(reads).toBeGreaterThan(3);
  } finally {
    await admin.disconnect();
    await service.close();
  }
});
