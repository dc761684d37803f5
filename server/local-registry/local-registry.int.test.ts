import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../local-kafka/local-broker-ports';
import { isAlive } from '../local-kafka/local-broker-watchdog';
import { RegistryPortTakenError, startLocalRegistry } from './index';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'eventline-registry-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('local schema registry (Apicurio from Maven Central)', () => {
  it('starts on the port asked for, serves the Confluent API, and leaves no JVM after stop', async () => {
    const port = await freePort();
    const registry = await startLocalRegistry({ dataDir, port, log: () => {} });
    try {
      expect(registry.url).toBe(`http://127.0.0.1:${port}/apis/ccompat/v7`);
      expect(isAlive(registry.pid)).toBe(true);
      const res = await fetch(`${registry.url}/subjects/probe-value/versions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json' },
        body: JSON.stringify({ schema: '{"type":"record","name":"Probe","fields":[{"name":"a","type":"int"}]}' }),
      });
      expect(res.status).toBe(200);
      const { id } = (await res.json()) as { id: number };
      expect(await (await fetch(`${registry.url}/schemas/ids/${id}/versions`)).json()).toEqual([{ subject: 'probe-value', version: 1 }]);
    } finally {
      await registry.stop();
      await registry.stop(); // twice is safe
    }
    expect(isAlive(registry.pid)).toBe(false);
  }, 300_000);

  it('refuses a taken port at once, before starting a JVM', async () => {
    const server = net.createServer();
    const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
    try {
      const started = Date.now();
      await expect(startLocalRegistry({ dataDir, port, log: () => {} })).rejects.toBeInstanceOf(RegistryPortTakenError);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      server.close();
    }
  });
});
