import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connectSocket, type Socket } from 'socket.io-client';
import type { WallDrift, WallFlows, WallHealth, WallHello, WallState } from '../../lib/wall-types';
import { SESSION_COOKIE } from '../auth';
import { testKafkaBrokers } from '../kafka/test-support/test-kafka';
import { signIn, startTestServer, TEST_ADMIN_PASSWORD } from '../test-support/start-test-server';

let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: { cookie: string; csrfToken: string };

beforeAll(async () => {
  server = await startTestServer({ brokers: testKafkaBrokers() });
  admin = await signIn(server.url, 'admin', TEST_ADMIN_PASSWORD);
});
afterAll(() => server?.stop());

async function createDisplay(name: string, boards: string[]) {
  const res = await fetch(`${server.url}/api/displays`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
    body: JSON.stringify({ name, boards }),
  });
  expect(res.status).toBe(201);
  const { token, display } = (await res.json()) as { token: string; display: { id: string } };
  const session = (await server.auth.displays.exchange(token, { ip: '127.0.0.9', userAgent: 'tv' }))!;
  return { id: display.id, token, cookie: `${SESSION_COOKIE}=${session.token}` };
}

function connect(cookie: string): Promise<Socket> {
  const socket = connectSocket(server.url, { extraHeaders: { cookie }, transports: ['websocket'], reconnection: false });
  return new Promise((resolve, reject) => {
    socket.on('connect', () => resolve(socket));
    socket.on('connect_error', reject);
  });
}

describe('display tokens', () => {
  it('stores only a hash, shows the token once and lists last seen', async () => {
    const d = await createDisplay('hall screen', ['health', 'groups']);
    const row = await server.database.prisma.displayToken.findUniqueOrThrow({ where: { id: d.id } });
    expect(row.tokenHash).not.toContain(d.token);
    expect(JSON.stringify(row)).not.toContain(d.token);
    const list = (await (await fetch(`${server.url}/api/displays`, { headers: { cookie: admin.cookie } })).json()) as {
      displays: { id: string; lastSeenIp: string | null; lastSeenAt: string | null; status: string }[];
    };
    const listed = list.displays.find((x) => x.id === d.id)!;
    expect(JSON.stringify(list)).not.toContain(d.token);
    expect(listed).toMatchObject({ status: 'active', lastSeenIp: '127.0.0.9' });
    expect(listed.lastSeenAt).not.toBeNull();
    const audit = await server.auth.audit.page({ limit: 20 });
    expect(audit.entries.some((e) => e.action === 'display.create' && e.target === 'hall screen' && e.outcome === 'success')).toBe(true);
  });

  it('shows a display only the boards it was given', async () => {
    const d = await createDisplay('ops corner', ['health']);
    const state = (await (await fetch(`${server.url}/api/wall`, { headers: { cookie: d.cookie } })).json()) as WallState;
    expect(state.allowedBoards).toEqual(['health']);
    expect(state.displayName).toBe('ops corner');
    expect((await fetch(`${server.url}/api/wall/lag?groups=x`, { headers: { cookie: d.cookie } })).status).toBe(403);
  });

  it('lets a display into the flows board’s room only when its token allows that board, and pushes the map there every 2 s', async () => {
    const allowed = await connect((await createDisplay('map tv', ['flows'])).cookie);
    const refused = await connect((await createDisplay('lobby tv', ['health'])).cookie);
    const got: { event: string; at: number }[] = [];
    const refusedGot: string[] = [];
    allowed.onAny((event: string) => got.push({ event, at: Date.now() }));
    refused.onAny((event: string) => refusedGot.push(event));
    const first = new Promise<WallFlows>((r) => allowed.once('wall:flows', r));
    allowed.emit('subscribe', 'flows:5m');
    allowed.emit('subscribe', 'wall:flows');
    refused.emit('subscribe', 'wall:flows');
    const map = await first;
    expect(Array.isArray(map.nodes) && Array.isArray(map.edges)).toBe(true);
    expect(map.shapeKey).toMatch(/^\d+\.\d+\./);
    // The live push follows within the flow service's 2 s interval (plus a build).
    await new Promise((r) => setTimeout(r, 3_500));
    const pushes = got.filter((g) => g.event === 'wall:flows');
    expect(pushes.length).toBeGreaterThanOrEqual(2);
    // The map page's room stays closed to a display; a display without the board gets nothing.
    expect(got.map((g) => g.event)).not.toContain('flows:update');
    expect(refusedGot).toEqual([]);
    allowed.disconnect();
    refused.disconnect();
  });

  it('gives the drift board its figures (names and counts, no payload) only when the token allows it, and pushes new drift', async () => {
    const allowed = await createDisplay('drift tv', ['drift']);
    const refused = await createDisplay('plain tv', ['health']);
    expect((await fetch(`${server.url}/api/wall/drift`, { headers: { cookie: refused.cookie } })).status).toBe(403);
    const first = (await (await fetch(`${server.url}/api/wall/drift`, { headers: { cookie: allowed.cookie } })).json()) as WallDrift;
    expect(first).toMatchObject({ lastHour: 0, worst: [] });

    const socket = await connect(allowed.cookie);
    const other = await connect(refused.cookie);
    const refusedGot: string[] = [];
    other.onAny((event: string) => refusedGot.push(event));
    const joined = new Promise<WallDrift>((r) => socket.once('wall:drift', r));
    socket.emit('subscribe', 'wall:drift');
    other.emit('subscribe', 'wall:drift');
    expect((await joined).worst).toEqual([]);
    await server.database.sql.query(
      `INSERT INTO catalog_drift (cluster, event_type, version, path, kind, before, after, event_id, seen_at)
       VALUES ('default', 'shop.OrderPlaced', '2', 'coupon', 'added', '{}', '{string}', 1, now())`,
    );
    // The figures are read every 10 s.
    const pushed = await new Promise<WallDrift>((resolve) => {
      const onDrift = (d: WallDrift) => d.lastHour > 0 && (socket.off('wall:drift', onDrift), resolve(d));
      socket.on('wall:drift', onDrift);
    });
    expect(pushed.worst).toEqual([expect.objectContaining({ eventType: 'shop.OrderPlaced', version: '2', lastDay: 1, latestPath: 'coupon' })]);
    expect(refusedGot).toEqual([]);
    socket.disconnect();
    other.disconnect();
  }, 30_000);

  it('lets a display socket into the wall room only, and closes it within 5 s of revoking', async () => {
    const d = await createDisplay('kitchen tv', ['health', 'groups', 'dlq', 'lag']);
    const socket = await connect(d.cookie);
    const got: string[] = [];
    socket.onAny((event: string) => got.push(event));
    const hello = new Promise<WallHello>((r) => socket.once('wall:hello', r));
    const health = new Promise<WallHealth>((r) => socket.once('wall:health', r));
    socket.emit('subscribe', 'cluster');
    socket.emit('subscribe', 'lag');
    socket.emit('subscribe', 'traces');
    socket.emit('subscribe', 'wall');
    expect((await hello).buildId).toBe(server.buildId);
    expect((await health).kafka).toBe('connected');
    await server.clusterWatch.refresh();
    await server.lagMonitor.refresh();
    await new Promise((r) => setTimeout(r, 300));
    expect(got.filter((e) => !e.startsWith('wall:'))).toEqual([]);

    const revoked = new Promise<void>((r) => socket.once('display:revoked', () => r()));
    const closed = new Promise<string>((r) => socket.once('disconnect', r));
    const started = Date.now();
    const res = await fetch(`${server.url}/api/displays/${d.id}/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
      body: '{}',
    });
    expect(res.status).toBe(200);
    await revoked;
    expect(await closed).toBe('io server disconnect');
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await fetch(`${server.url}/api/wall`, { headers: { cookie: d.cookie } })).status).toBe(401);
    await expect(connect(d.cookie)).rejects.toThrow('unauthorized');
    const audit = await server.auth.audit.page({ limit: 20 });
    expect(audit.entries.some((e) => e.action === 'display.revoke' && e.target === d.id && e.outcome === 'success')).toBe(true);
  });

  it('ends a display session when its token expires, and refuses the expired token', async () => {
    const { token } = await server.auth.displays.create({ name: 'short-lived', boards: ['health'], expiresAt: new Date(Date.now() + 1500), createdBy: 'admin' });
    const session = (await server.auth.displays.exchange(token, { ip: null, userAgent: null }))!;
    // The session never outlives its token.
    expect(session.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 1500);
    const cookie = `${SESSION_COOKIE}=${session.token}`;
    expect((await fetch(`${server.url}/api/wall`, { headers: { cookie } })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1600));
    expect((await fetch(`${server.url}/api/wall`, { headers: { cookie } })).status).toBe(401);
    expect(await server.auth.displays.exchange(token, { ip: null, userAgent: null })).toBeNull();
    const listed = (await server.auth.displays.list()).find((d) => d.name === 'short-lived')!;
    expect(listed.status).toBe('expired');
  });

  it('renews a display session that is used past half its life, up to its token', async () => {
    const { token } = await server.auth.displays.create({ name: 'week-long', boards: ['health'], expiresAt: null, createdBy: 'admin' });
    const session = (await server.auth.displays.exchange(token, { ip: null, userAgent: null }))!;
    const tokenHash = createHash('sha256').update(session.token).digest('hex');
    // As if it was opened 20 days ago and last used yesterday.
    await server.database.prisma.session.update({
      where: { tokenHash },
      data: { expiresAt: new Date(Date.now() + 10 * 86_400_000), lastSeenAt: new Date(Date.now() - 86_400_000) },
    });
    expect((await fetch(`${server.url}/api/wall`, { headers: { cookie: `${SESSION_COOKIE}=${session.token}` } })).status).toBe(200);
    const row = await server.database.prisma.session.findUniqueOrThrow({ where: { tokenHash } });
    expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
  });
});
