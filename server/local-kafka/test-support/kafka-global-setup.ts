import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalKafka } from '../index';

/**
 * vitest globalSetup of the `int` project: one broker for the whole run, in a fresh data
 * folder on free ports (so it never collides with a developer's `npm run kafka` on 9092).
 * EVENTLINE_TEST_KAFKA_BROKERS=host:port reuses a running broker instead, to save the start.
 */
export default async function setup(project: TestProject) {
  const external = process.env.EVENTLINE_TEST_KAFKA_BROKERS;
  if (external) {
    project.provide('kafkaBrokers', external.split(','));
    return;
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'eventline-test-kafka-'));
  // On failure the folder stays, since the error points at its broker.log.
  const kafka = await startLocalKafka({ dataDir, port: 0, controllerPort: 0 });
  console.log(`[local-kafka] test broker Kafka ${kafka.version} ready at ${kafka.brokers[0]} in ${kafka.startedInMs} ms (log: ${kafka.logFile})`);
  project.provide('kafkaBrokers', kafka.brokers);
  return async () => {
    await kafka.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
