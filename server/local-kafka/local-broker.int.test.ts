import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalKafka } from './local-broker';
import { DataDirInUseError, PortTakenError } from './local-broker-errors';
import { testKafkaBrokers, uniqueName } from '../kafka/test-support/test-kafka';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const childScript = fileURLToPath(new URL('./test-support/local-broker-child.ts', import.meta.url));

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'eventline-local-broker-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntilGone(pid: number, ms: number): Promise<number> {
  const started = Date.now();
  while (isAlive(pid) && Date.now() - started < ms) await new Promise((r) => setTimeout(r, 100));
  return Date.now() - started;
}

describe('the broker from the global setup', () => {
  it('creates a topic, produces and consumes with a group', async () => {
    const kafka = new Kafka({ clientId: 'local-broker-test', brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING });
    const topic = uniqueName('local-broker');
    const groupId = uniqueName('local-broker-group');
    const admin = kafka.admin();
    const producer = kafka.producer();
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    try {
      await admin.connect();
      expect(await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true })).toBe(true);

      await producer.connect();
      await producer.send({ topic, messages: ['a', 'b', 'c'].map((value) => ({ key: value, value })) });

      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const seen: string[] = [];
      await new Promise<void>((resolve, reject) => {
        consumer
          .run({
            eachMessage: async ({ message }) => {
              seen.push(message.value?.toString() ?? '');
              if (seen.length === 3) resolve();
            },
          })
          .catch(reject);
      });
      expect(seen.sort()).toEqual(['a', 'b', 'c']);

      // The last offset is committed just after eachMessage returns, so poll for it.
      const committed = async () => {
        const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
        return offsets!.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
      };
      await expect.poll(committed, { timeout: 10_000 }).toBe(3);
      await consumer.stop();
    } finally {
      await Promise.allSettled([consumer.disconnect(), producer.disconnect()]);
      await admin.deleteTopics({ topics: [topic] }).catch(() => {});
      await admin.disconnect();
    }
  });
});

describe('startLocalKafka', () => {
  it('starts a second broker in its own folder, and stop() ends its JVM', async () => {
    const dataDir = await tempDir();
    const kafka = await startLocalKafka({ dataDir, port: 0, controllerPort: 0, log: () => {} });
    expect(kafka.brokers).not.toEqual(testKafkaBrokers());
    expect(isAlive(kafka.pid)).toBe(true);
    const client = new Kafka({ brokers: kafka.brokers, logLevel: logLevel.NOTHING }).admin();
    await client.connect();
    expect((await client.describeCluster()).brokers).toHaveLength(1);
    await client.disconnect();

    // The same folder cannot serve two brokers at once.
    await expect(startLocalKafka({ dataDir, port: 0, controllerPort: 0, log: () => {} })).rejects.toBeInstanceOf(DataDirInUseError);

    await kafka.stop();
    expect(isAlive(kafka.pid)).toBe(false);
    await kafka.stop(); // idempotent
  }, 120_000); // two brokers on two cores: generous when the machine is busy

  it('leaves no JVM behind when its parent Node process is SIGKILLed', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', childScript, await tempDir()], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const { pid } = await new Promise<{ pid: number }>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!) as { pid: number });
        });
        child.once('exit', (code) => reject(new Error(`child exited with ${code} before the broker was ready`)));
      });
      expect(isAlive(pid)).toBe(true);

      child.kill('SIGKILL');
      const tookMs = await waitUntilGone(pid, 15_000);
      expect(isAlive(pid), `JVM ${pid} still running ${tookMs} ms after its parent died`).toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
  }, 120_000);

  it('rejects an explicitly requested port that is taken, before doing anything slow', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const started = Date.now();
      const error = await startLocalKafka({ dataDir: await tempDir(), port, log: () => {} }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PortTakenError);
      expect((error as PortTakenError).message).toContain(`Port ${port}`);
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      server.close();
    }
  });
});
