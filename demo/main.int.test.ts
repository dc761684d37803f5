// The command-line runner: starts, takes a knob command on stdin, and on Ctrl-C (SIGINT)
// leaves every consumer group before exiting 0.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Admin } from 'kafkajs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testKafkaBrokers, uniqueName } from '../server/kafka/test-support/test-kafka';
import { createKafka } from './lib/kafka';
import { groupLag } from './lib/lag';
import { groupId, serviceNames, topicNames } from './lib/names';
import { waitFor } from './test-support/topic-tap';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let admin: Admin;
let child: ChildProcess | undefined;

beforeAll(async () => {
  admin = createKafka({ brokers: testKafkaBrokers(), clientId: 'demo-cli-test', log: () => {} }).admin();
  await admin.connect();
});

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await admin?.disconnect();
});

it('runs the shop and stops cleanly on SIGINT', async () => {
  const namespace = uniqueName('cli');
  let output = '';
  child = spawn(process.execPath, ['--import', 'tsx', 'demo/main.ts', '--rate', '50', '--namespace', namespace, '--stats-every', '0'], {
    cwd: root,
    // No registry: loyalty-service, which writes Avro through one, sits out and says so.
    env: { ...process.env, KAFKA_BROKERS: testKafkaBrokers().join(','), SCHEMA_REGISTRY_URL: '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));

  await waitFor('the demo to start', () => output.includes('running in namespace'), 60_000);
  expect(output).toContain('loyalty-service skipped: no schema registry');
  child.stdin!.write('burst 100 1\n');
  await waitFor('the knob to be taken', () => output.includes('ok: burst 100 1'));

  // Orders flow all the way to the read model's source.
  const topics = topicNames(namespace);
  await waitFor('order-events written', async () => {
    const offsets = await admin.fetchTopicOffsets(topics.orderEvents);
    return offsets.reduce((sum, p) => sum + Number(p.high), 0) > 20;
  });
  expect((await groupLag(admin, groupId(namespace, 'payment-service'), [topics.orders])).byTopic[topics.orders]).toBeLessThan(200);

  child.kill('SIGINT');
  const code = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('timeout'), 20_000))]);
  expect(code, output).toBe(0);
  expect(output).toContain('[demo] stopped');

  // Every consumer left its group: nothing lingers until a session timeout.
  const ran = serviceNames.filter((name) => name !== 'loyalty-service');
  const { groups } = await admin.describeGroups(ran.map((name) => groupId(namespace, name)));
  for (const group of groups) expect(group, group.groupId).toMatchObject({ state: 'Empty', members: [] });
});
