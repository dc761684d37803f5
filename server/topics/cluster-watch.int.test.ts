import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { KafkaConnectionState } from '../../lib/cluster-types';
import { createKafkaService } from '../kafka';
import { startLocalKafka } from '../local-kafka';
import { createLogger } from '../log/logger';
import { createClusterWatch } from './cluster-watch';

const dataDir = mkdtempSync(join(tmpdir(), 'eventline-outage-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('reports a broker outage and reconnects by itself when the broker is back', async () => {
  const log = createLogger({ level: 'error' });
  const [port, controllerPort] = [await freePort(), await freePort()];
  let broker = await startLocalKafka({ dataDir, port, controllerPort });
  const kafka = createKafkaService({ brokers: broker.brokers, clientId: 'outage-test' }, log);
  const watch = createClusterWatch({ kafka, intervalMs: 300, log });
  const states: KafkaConnectionState['status'][] = [];
  watch.events.on('connection', (s) => states.push(s.status));
  try {
    await watch.start();
    expect(watch.snapshot().connection.status).toBe('connected');
    // No name given: the cluster is called by its bootstrap address, not its KRaft id.
    expect(watch.snapshot().overview?.clusterName).toBe(broker.brokers[0]);

    await broker.stop();
    await expect.poll(() => watch.snapshot().connection.status, { timeout: 20_000, interval: 200 }).toBe('unreachable');
    const down = watch.snapshot().connection;
    expect(down.status === 'unreachable' && down.error).toMatch(/unreachable|ECONNREFUSED|Connection/i);
    expect(watch.snapshot().overview).not.toBeNull(); // last known data stays on screen

    broker = await startLocalKafka({ dataDir, port, controllerPort });
    await expect.poll(() => watch.snapshot().connection.status, { timeout: 40_000, interval: 250 }).toBe('connected');
    expect(states).toEqual(['connected', 'unreachable', 'connected']);
  } finally {
    await watch.stop();
    await kafka.close();
    await broker.stop();
  }
}, 120_000);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
