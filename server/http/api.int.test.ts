import { Kafka, logLevel } from 'kafkajs';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterSnapshot, TopicsDiff } from '../../lib/cluster-types';
import type { AuditPage } from '../../lib/audit-types';
import type { ApiErrorBody } from '../../lib/session-types';
import { testKafkaBrokers } from '../kafka/test-support/test-kafka';
import { signIn, startTestServer, TEST_ADMIN_PASSWORD } from '../test-support/start-test-server';

let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: { cookie: string; csrfToken: string };
const run = `it${Date.now().toString(36)}`;
const kafka = new Kafka({ brokers: testKafkaBrokers(), clientId: 'api-int-test', logLevel: logLevel.NOTHING });

beforeAll(async () => {
  server = await startTestServer({ brokers: testKafkaBrokers(), env: { EVENTLINE_LOGIN_ATTEMPTS_PER_MINUTE: '3' } });
  admin = await signIn(server.url, 'admin', TEST_ADMIN_PASSWORD);
});
afterAll(() => server?.stop());

const get = (path: string, cookie = admin.cookie) => fetch(server.url + path, { headers: { cookie } });
const send = (method: string, path: string, body: unknown, who = admin) =>
  fetch(server.url + path, {
    method,
    headers: { 'content-type': 'application/json', cookie: who.cookie, 'x-csrf-token': who.csrfToken },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe('sign-in', () => {
  it('refuses a wrong password, then rate-limits, and audits each attempt', async () => {
    const attempt = () =>
      fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'mallory', password: 'guess' }),
      });
    for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const page = (await (await get('/api/audit?limit=20')).json()) as AuditPage;
    const mine = page.entries.filter((e) => e.actor === 'mallory');
    expect(mine.map((e) => e.outcome)).toEqual(['denied', 'failure', 'failure', 'failure']);
  });

  it('sets an httpOnly SameSite cookie and signs out', async () => {
    const res = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: TEST_ADMIN_PASSWORD }),
    });
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const session = { cookie: setCookie.split(';')[0]!, csrfToken: ((await res.json()) as { csrfToken: string }).csrfToken };
    expect((await get('/api/auth/me', session.cookie)).status).toBe(200);
    expect((await send('POST', '/api/auth/logout', undefined, session)).status).toBe(204);
    expect((await get('/api/auth/me', session.cookie)).status).toBe(401);
  });

  it('answers 422 with the field on invalid input and 400 on broken JSON', async () => {
    const bad = await send('POST', '/api/users', { username: 'a b', password: 'x', role: 'root' });
    expect(bad.status).toBe(422);
    // The form's own words (lib/create-user-schema.ts): one schema for both sides.
    expect(((await bad.json()) as ApiErrorBody).error.message).toBe('username: Letters, digits, ".", "_", "-" and "@" only');
    const broken = await fetch(`${server.url}/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
      body: '{not json',
    });
    expect(broken.status).toBe(400);
  });
});

describe('request limits', () => {
  it('answers 413 at once to a 20 MB body, from its Content-Length, before reading it', async () => {
    const res = await send('POST', '/api/users', { username: 'big', password: 'x'.repeat(20 * 1024 * 1024), role: 'viewer' });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('BODY_TOO_LARGE');
  });

  it('answers 413 to a chunked body as soon as it passes the limit', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        // Stops on its own far past the limit, so a server that reads it all still ends the test.
        if (sent >= 40 * 1024 * 1024) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const res = await fetch(`${server.url}/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
  });

  it('never echoes more than 200 characters of what the user sent', async () => {
    const id = 'z'.repeat(5000);
    const res = await get(`/api/traces/${id}`);
    expect(res.status).toBe(404);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('TRACE_NOT_FOUND');
    expect(error.message).toContain('z'.repeat(200));
    expect(error.message).not.toContain('z'.repeat(201));
    expect(error.message).toContain('4800 more characters');
  });
});

describe('health', () => {
  it('tells anyone whether Kafka and the database are up, and only signed-in users where the brokers are', async () => {
    const anonymous = (await (await fetch(`${server.url}/api/health`)).json()) as { status: string; kafka: Record<string, unknown> };
    expect(anonymous.status).toBe('ok');
    expect(anonymous.kafka).toEqual({ reachable: true });
    const signedIn = (await (await get('/api/health')).json()) as { kafka: { brokers: string[] } };
    expect(signedIn.kafka.brokers).toEqual(testKafkaBrokers());
  });
});

describe('topics', () => {
  it('counts messages as high minus low watermark per partition', async () => {
    const topic = `${run}-counted`;
    const a = kafka.admin();
    await a.connect();
    await a.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3 }] });
    // A committed group offset makes the broker create __consumer_offsets, an internal topic.
    await a.setOffsets({ groupId: `${run}-group`, topic, partitions: [{ partition: 0, offset: '0' }] });
    await a.disconnect();
    const p = kafka.producer();
    await p.connect();
    await p.send({ topic, messages: Array.from({ length: 25 }, (_, i) => ({ partition: i % 3, value: `m${i}` })) });
    await p.disconnect();
    await server.clusterWatch.refresh();
    const snap = (await (await get('/api/cluster')).json()) as ClusterSnapshot;
    expect(snap.connection.status).toBe('connected');
    expect(snap.topics.find((t) => t.name === topic)).toMatchObject({ partitions: 3, replicationFactor: 1, messages: 25, internal: false });
    expect(snap.overview!.brokers).toHaveLength(1);
    expect(snap.topics.some((t) => t.name === '__consumer_offsets' && t.internal)).toBe(true);
  });

  it('creates a topic as operator (audited) and pushes it to a subscribed socket', async () => {
    await server.auth.users.create(`${run}-op`, 'operator-password', 'operator');
    const op = await signIn(server.url, `${run}-op`, 'operator-password');
    const socket: Socket = connectSocket(server.url, { extraHeaders: { cookie: op.cookie }, transports: ['websocket'] });
    const topic = `${run}-live`;
    const seen = new Promise<TopicsDiff>((resolve) => {
      socket.on('topics:diff', (d: TopicsDiff) => {
        if (d.upserted.some((t) => t.name === topic)) resolve(d);
      });
    });
    await new Promise<void>((r) => socket.on('connect', () => r()));
    socket.emit('subscribe', 'cluster');
    const res = await send('POST', '/api/topics', { name: topic, partitions: 2, replicationFactor: 1 }, op);
    expect(res.status).toBe(201);
    const diff = await seen;
    expect(diff.upserted.find((t) => t.name === topic)!.partitions).toBe(2);
    socket.close();
    const again = await send('POST', '/api/topics', { name: topic, partitions: 2, replicationFactor: 1 }, op);
    expect(again.status).toBe(409);
    const audit = (await (await get('/api/audit?limit=50')).json()) as AuditPage;
    const creates = audit.entries.filter((e) => e.action === 'topic.create' && e.target === topic);
    expect(creates.map((e) => [e.actor, e.outcome])).toEqual([
      [`${run}-op`, 'failure'],
      [`${run}-op`, 'success'],
    ]);
  });

  it('refuses a socket without a session', async () => {
    const socket = connectSocket(server.url, { transports: ['websocket'], reconnection: false });
    const err = await new Promise<Error>((r) => socket.on('connect_error', r));
    expect(err.message).toBe('unauthorized');
    socket.close();
  });

  it('deletes a topic as admin; unknown topic gives 404', async () => {
    const topic = `${run}-doomed`;
    expect((await send('POST', '/api/topics', { name: topic, partitions: 1, replicationFactor: 1 })).status).toBe(201);
    expect((await send('DELETE', `/api/topics/${topic}`, undefined)).status).toBe(204);
    const missing = await send('DELETE', `/api/topics/${run}-never-was`, undefined);
    expect(missing.status).toBe(404);
  });
});
