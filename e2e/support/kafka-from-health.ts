import { Kafka, logLevel } from 'kafkajs';
import type { APIRequestContext } from '@playwright/test';

/** The brokers the server under test uses, read from its health endpoint (signed in: pass `page.request`). */
export async function kafkaOfServer(request: APIRequestContext): Promise<Kafka> {
  const health = (await (await request.get('/api/health')).json()) as { kafka: { brokers: string[] } };
  return new Kafka({ brokers: health.kafka.brokers, clientId: 'e2e', logLevel: logLevel.NOTHING });
}

/** Unique per test run, so reruns against the same broker never collide. */
export const uniqueName = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
