import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Bootstrap servers of the one broker that server/local-kafka/test-support/kafka-global-setup.ts started for the `int` project. */
    kafkaBrokers: string[];
  }
}

/** The shared test broker. Every int test file talks to the same one: use uniqueName() for topics and groups. */
export function testKafkaBrokers(): string[] {
  return inject('kafkaBrokers');
}

/** A topic or group name no other test (or earlier run against a reused broker) uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}
