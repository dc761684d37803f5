import type { Admin, Kafka } from 'kafkajs';
import type { InternalCluster } from './kafkajs-internals';

/**
 * A client connected on first use. `close()` drops it, so the use after a broken
 * connection opens a fresh one; callers that start together share one connect.
 */
export function lazyConnection<T extends { connect(): Promise<void>; disconnect(): Promise<void> }>(create: () => T) {
  let current: Promise<T> | null = null;
  return {
    get(): Promise<T> {
      if (!current) {
        const client = create();
        const opening = client.connect().then(() => client);
        current = opening;
        // A failed connect must not stick: the next use tries again.
        opening.catch(() => {
          if (current === opening) current = null;
        });
      }
      return current;
    },
    async close(): Promise<void> {
      const opening = current;
      current = null;
      const client = await opening?.catch(() => null);
      await client?.disconnect().catch(() => undefined);
    },
  };
}

/** One kafkajs admin, connected on first use. */
export function lazyAdmin(kafka: Kafka) {
  return lazyConnection<Admin>(() => kafka.admin());
}

/**
 * kafkajs's internal cluster object, reached through the factory Kafka keeps under a
 * private symbol: the public admin API has no batched watermarks or record Fetch. Pinned
 * to kafkajs 2.2.4 and covered by the integration tests; the only reach into kafkajs
 * internals, and kept inside server/kafka (the part used is typed in kafkajs-internals.ts).
 */
export function lazyInternalCluster(kafka: Kafka, options: object = {}) {
  const factorySymbol = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  if (!factorySymbol) throw new Error('kafkajs internals changed: private:Kafka:createCluster not found (kafkajs 2.2.4 expected)');
  const factory = (kafka as unknown as Record<symbol, (o: object) => InternalCluster>)[factorySymbol]!;
  return lazyConnection<InternalCluster>(() => factory({ metadataMaxAge: 0, allowAutoTopicCreation: false, ...options }));
}
