import type { Admin, Kafka } from 'kafkajs';
import { lazyAdmin, translatedErrors } from './lazy-connection';
import { InvalidTopicRequestError } from './kafka-errors';
import type { CreateTopicRequest } from './types';

/** Topic writes through kafkajs admin; one admin connection, opened on first use. */
export function createTopicAdmin(kafka: Kafka, brokers: string[]) {
  const admin = lazyAdmin(kafka);

  const run = <T>(topic: string, fn: (a: Admin) => Promise<T>): Promise<T> =>
    translatedErrors(admin, { brokers, topic }, async () => fn(await admin.get()));

  async function createTopic(req: CreateTopicRequest): Promise<void> {
    await run(req.name, async (a) => {
      const created = await a.createTopics({
        waitForLeaders: true,
        topics: [
          {
            topic: req.name,
            numPartitions: req.partitions,
            replicationFactor: req.replicationFactor,
            configEntries: Object.entries(req.configs ?? {}).map(([name, value]) => ({ name, value })),
          },
        ],
      });
      // kafkajs answers false (not an error) when the topic already exists.
      if (!created) throw Object.assign(new Error('exists'), { type: 'TOPIC_ALREADY_EXISTS' });
    });
  }

  async function deleteTopic(name: string): Promise<void> {
    if (name.startsWith('__')) throw new InvalidTopicRequestError(`"${name}" is an internal topic; Eventline does not delete it.`);
    await run(name, (a) => a.deleteTopics({ topics: [name], timeout: 10000 }));
  }

  return { createTopic, deleteTopic, close: admin.close };
}
