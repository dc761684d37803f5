import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { io as connectSocket, type Socket } from 'socket.io-client';
import type { WallHealth } from '../../lib/wall-types';
import { signIn, TEST_ADMIN_PASSWORD } from '../../server/test-support/start-test-server';
import { percentile, type Row, type Scenario } from '../bench-kit';

const CLIENTS = 200;
const MEASURE_MS = 30_000;
const CLUSTER_POLL_MS = 500;
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Node {
  url: string;
  child: ChildProcess;
  cookie: string;
}

async function startNode(brokers: string[], redisPrefix: string | null): Promise<Node> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/realtime/test-support/shared-node-child.ts'], {
    env: {
      ...process.env,
      TEST_BROKERS: brokers.join(','),
      TEST_CLUSTER_POLL_MS: String(CLUSTER_POLL_MS),
      ...(redisPrefix ? { TEST_REDIS_URL: REDIS_URL, TEST_REDIS_PREFIX: redisPrefix } : {}),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const { url } = JSON.parse(line) as { url: string };
  return { url, child, cookie: (await signIn(url, 'admin', TEST_ADMIN_PASSWORD)).cookie };
}

const rssMb = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};

/**
 * Connects `CLIENTS` wall sockets spread over the nodes and records, for every
 * `wall:health` push, the time from the cluster read it reports (observedAt) to its
 * arrival: poll-to-client. All clients live in this one process, so the figure also
 * holds the time this process takes to parse 200 copies: it errs on the slow side.
 */
async function measureWall(nodes: Node[]): Promise<Row> {
  const sockets: Socket[] = [];
  const latencies: number[] = [];
  let connected = 0;
  for (let i = 0; i < CLIENTS; i++) {
    const node = nodes[i % nodes.length]!;
    const s = connectSocket(node.url, { extraHeaders: { cookie: node.cookie }, transports: ['websocket'], forceNew: true });
    s.on('connect', () => {
      connected++;
      s.emit('subscribe', 'wall');
    });
    sockets.push(s);
  }
  const deadline = Date.now() + 30_000;
  while (connected < CLIENTS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  // Pushes only count from here, and never the snapshot sent on joining.
  const from = Date.now() + 1_000;
  for (const s of sockets) {
    s.on('wall:health', (h: WallHealth) => {
      const now = Date.now();
      if (h.observedAt !== null && h.observedAt > from) latencies.push(now - h.observedAt);
    });
  }
  const rss: number[][] = nodes.map(() => []);
  const sampler = setInterval(() => nodes.forEach((n, i) => rss[i]!.push(rssMb(n.child.pid!))), 1_000);
  await new Promise((r) => setTimeout(r, 1_000 + MEASURE_MS));
  clearInterval(sampler);
  for (const s of sockets) s.close();
  const expected = Math.floor(MEASURE_MS / CLUSTER_POLL_MS) * CLIENTS;
  return {
    processes: nodes.length,
    clients: connected,
    pushes: latencies.length,
    'pushes/expected': latencies.length / expected,
    'p50 ms': percentile(latencies, 50),
    'p95 ms': percentile(latencies, 95),
    'max ms': Math.max(...latencies),
    'RSS MB (each, max)': rss.map((r) => Math.max(...r).toFixed(0)).join(' / '),
    'RSS MB growth': rss.map((r) => (r.at(-1)! - r[0]!).toFixed(1)).join(' / '),
  };
}

async function stopAll(nodes: Node[]) {
  await Promise.all(nodes.map((n) => new Promise((r) => (n.child.once('exit', r), n.child.kill('SIGTERM')))));
}

/** Goal: p95 ≤ 500 ms with 200 screens, in one process and in two sharing Redis. */
export const wallScenario: Scenario = {
  name: 'wall',
  description: `${CLIENTS} wall sockets, poll-to-client push latency and server RSS over ${MEASURE_MS / 1000} s (cluster poll ${CLUSTER_POLL_MS} ms)`,
  async run(ctx) {
    const rows: Row[] = [];
    ctx.log('one process…');
    const one = [await startNode(ctx.brokers, null)];
    try {
      rows.push({ setup: 'one process', ...(await measureWall(one)) });
    } finally {
      await stopAll(one);
    }
    ctx.log(`two processes on Redis (${REDIS_URL})…`);
    const prefix = `eventline-bench-${randomUUID().slice(0, 8)}`;
    const two: Node[] = [];
    try {
      two.push(await startNode(ctx.brokers, prefix));
      two.push(await startNode(ctx.brokers, prefix));
      rows.push({ setup: 'two on Redis', ...(await measureWall(two)) });
    } finally {
      await stopAll(two);
    }
    return rows;
  },
};
