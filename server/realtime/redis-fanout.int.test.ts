import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { io as connectSocket, type Socket } from 'socket.io-client';
import type { WallHealth, WallState } from '../../lib/wall-types';
import { testKafkaBrokers } from '../kafka/test-support/test-kafka';
import { signIn, TEST_ADMIN_PASSWORD } from '../test-support/start-test-server';

// A real Redis (the machine's, on 6379), with a key prefix of this test's own.
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const LEASE_MS = 3000;
const prefix = `eventline-test-${randomUUID().slice(0, 8)}`;
const children: ChildProcess[] = [];
const sockets: Socket[] = [];

afterAll(async () => {
  for (const s of sockets) s.close();
  await Promise.all(
    children.filter((c) => c.exitCode === null && c.signalCode === null).map((c) => new Promise((r) => (c.once('exit', r), c.kill('SIGTERM')))),
  );
});

async function startNode(): Promise<{ url: string; child: ChildProcess; cookie: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/realtime/test-support/shared-node-child.ts'], {
    env: { ...process.env, TEST_BROKERS: testKafkaBrokers().join(','), TEST_REDIS_URL: REDIS_URL, TEST_REDIS_PREFIX: prefix, TEST_LEASE_MS: String(LEASE_MS) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`node exited with ${code}`)));
  });
  const { url } = JSON.parse(line) as { url: string };
  return { url, child, cookie: (await signIn(url, 'admin', TEST_ADMIN_PASSWORD)).cookie };
}

async function pollsOf(node: { url: string; cookie: string }): Promise<string[]> {
  const health = (await (await fetch(`${node.url}/api/health`, { headers: { cookie: node.cookie } })).json()) as { polls?: string[] };
  return health.polls ?? [];
}

function wallSocket(node: { url: string; cookie: string }) {
  const socket = connectSocket(node.url, { extraHeaders: { cookie: node.cookie }, transports: ['websocket'] });
  sockets.push(socket);
  const seen: WallHealth[] = [];
  socket.on('wall:health', (h: WallHealth) => seen.push(h));
  socket.on('connect', () => socket.emit('subscribe', 'wall'));
  return { socket, seen };
}

const until = async (what: () => boolean | Promise<boolean>, ms: number) => {
  const deadline = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
};

describe('several Eventline processes on one Redis', () => {
  it('polls in one process, pushes the same updates to clients of both, and hands over when the poller dies', async () => {
    const a = await startNode();
    const b = await startNode();
    expect((await pollsOf(a)).sort()).toEqual(['cluster', 'lag']);
    expect(await pollsOf(b)).toEqual([]);

    const onA = wallSocket(a);
    const onB = wallSocket(b);
    // Each client first gets its own server's state on joining (a private emit, not a broadcast),
    // and a broadcast sent before the other client joined cannot reach it: compare only what A's
    // client sees after both have joined.
    expect(await until(() => onA.seen.length > 0 && onB.seen.length > 0, 15_000)).toBe(true);
    const joined = onA.seen.length;
    const broadcastToA = () => onA.seen.slice(joined).filter((h) => h.observedAt !== null);
    // The same broadcast reaches both: every observedAt A's client sees, B's client sees too.
    expect(await until(() => broadcastToA().length >= 3, 15_000)).toBe(true);
    const fromA = broadcastToA().map((h) => h.observedAt);
    expect(await until(() => fromA.every((t) => onB.seen.some((h) => h.observedAt === t)), 3_000)).toBe(true);

    // B does not poll, yet serves current data: it adopted A's.
    const wallOfB = async () => (await (await fetch(`${b.url}/api/wall`, { headers: { cookie: b.cookie } })).json()) as WallState;
    const stateB = await wallOfB();
    expect(stateB.health.kafka).toBe('connected');
    expect(stateB.health.observedAt).toBeGreaterThanOrEqual(fromA[0]!);
    expect(await until(async () => (await wallOfB()).groups.observedAt !== null, 10_000)).toBe(true);

    // A dies without releasing anything: its leases expire and B takes over within one lease.
    const killedAt = Date.now();
    a.child.kill('SIGKILL');
    expect(await until(async () => (await pollsOf(b)).length === 2, LEASE_MS + 1_000)).toBe(true);
    const handover = Date.now() - killedAt;
    expect(handover).toBeLessThanOrEqual(LEASE_MS + 500);

    // And B's clients keep getting fresh data, now from B's own polls.
    const before = onB.seen.length;
    expect(await until(() => onB.seen.length > before + 1 && onB.seen.at(-1)!.observedAt! > killedAt, 5_000)).toBe(true);
    console.info(`lease handed over ${handover} ms after the poller was killed (lease ${LEASE_MS} ms)`);
  }, 180_000);
});
