import { defineConfig } from 'vitest/config';

// Two projects: `unit` runs anywhere in seconds; `int` talks to a real Kafka broker
// (started once by the global setup from Apache Kafka's jars) and real databases.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{server,lib,components,app,demo,scripts}/**/*.test.{ts,tsx}'],
          exclude: ['**/*.int.test.*', '**/node_modules/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'int',
          include: ['{server,demo,scripts}/**/*.int.test.ts'],
          exclude: ['**/node_modules/**'],
          environment: 'node',
          globalSetup: ['./server/local-kafka/test-support/kafka-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One broker, two cores: files run one at a time so timings stay honest.
          fileParallelism: false,
        },
      },
    ],
  },
});
