import type { Admin, Kafka } from 'kafkajs';
import type { InternalCluster } from './kafkajs-internals';
import type { EventlineError } from '../../lib/eventline-error';
import { translateKafkaError } from './kafka-errors';

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

/**
 * Runs one request on a lazy connection: a failure is translated into an EventlineError
 * once, and the connection is closed only when that error is retriable, then rethrown.
 *
 * Why retriable and not always: a retriable error is a broken or stale connection (the
 * socket dropped, a request timed out, a leader moved under cached metadata), and only a
 * fresh connection mends it. A non-retriable one (topic not found, invalid request) is
 * a sound answer from a healthy broker; closing then would make every reader sharing
 * the connection pay a reconnect for the caller's mistake.
 */
export async function translatedErrors<T>(
  connection: { close(): Promise<void> },
  ctx: { brokers: string[]; topic?: string },
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const translated: EventlineError = translateKafkaError(err, ctx);
    if (translated.retriable) await connection.close();
    throw translated;
  }
}
