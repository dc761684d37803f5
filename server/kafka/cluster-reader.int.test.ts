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
      for (const t of state.topics) for (const p of t.partitions) if (p.leader >= 0) expect(p.high).not.toBeNull();
      reads += 1;
    }
    await churn;
    expect(reads).toBeGreaterThan(3);
  } finally {
    await admin.disconnect();
    await service.close();
  }
});
