import type { Producer } from 'kafkajs';
import { expect } from 'vitest';
import { createCollector, type Collector } from '../../collector';
import type { KafkaService } from '../../kafka';
import { uniqueName } from '../../kafka/test-support/test-kafka';
import type { Logger } from '../../log/logger';
import type { Database } from '../../store';
import { createTraceQueries } from '../trace-queries';

/**
 * A one-partition topic read by two groups that committed offset 0 (`reader`, which the
 * test drives, and `idle`, which never reads), a collector storing it, and one trace of
 * `events` events each caused by the one before, produced and waited for in the store.
 */
export async function collectedChain(deps: { kafka: KafkaService; db: Database; producer: Producer; log: Logger; prefix: string; events: number }) {
  const { kafka, db, producer, log, prefix, events } = deps;
  const topic = uniqueName(prefix);
  const reader = uniqueName('billing');
  const idle = uniqueName('idle');
  const correlationId = `${topic}-trace`;
  const admin = kafka.client.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
  // Both groups exist with a commit at 0: the history shows them before the events are read.
  for (const g of [reader, idle]) await kafka.setGroupOffsets(g, topic, [{ partition: 0, offset: 0 }]);

  const collector: Collector = createCollector({
    kafka,
    sql: db.sql,
    log,
    options: { include: [new RegExp(`^${topic}$`)], groupId: uniqueName(`${prefix}-collector`), topicRefreshMs: 1000 },
  });
  await collector.start();
  const producedFrom = Date.now();
  await producer.send({
    topic,
    messages: Array.from({ length: events }, (_, i) => ({ value: JSON.stringify({ id: `${topic}-${i}`, correlationId, causationId: i ? `${topic}-${i - 1}` : undefined }) })),
  });
  const traces = createTraceQueries(db.sql);
  await expect.poll(async () => (await traces.trace(correlationId))?.events.length ?? 0, { timeout: 30_000, interval: 200 }).toBe(events);
  return { topic, reader, idle, correlationId, collector, traces, producedFrom };
}
