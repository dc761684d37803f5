// Replay jobs on the real broker: the rate limit, pause / resume / cancel, and the API's
// rules (operators only, typed confirmation above 1,000 records, every step audited).
import type { Kafka } from 'kafkajs';
import { io as connectSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayRequestSchema, type ReplayJobView, type ReplayPreview, type ReplayRequest } from '../../lib/replay-types';
import { testKafkaBrokers, uniqueName } from '../kafka/test-support/test-kafka';
import { signIn, startTestServer, TEST_ADMIN_PASSWORD } from '../test-support/start-test-server';
import { createTopics, fixtureKafka, produce, readAll, waitFor } from './test-support/replay-fixtures';

let server: Awaited<ReturnType<typeof startTestServer>>;
let kafka: Kafka;
let operator: { cookie: string; csrfToken: string };
let viewer: { cookie: string; csrfToken: string };
const brokers = testKafkaBrokers();
const source = uniqueName('replay-jobs-src');

beforeAll(async () => {
  server = await startTestServer({ brokers });
  kafka = fixtureKafka(brokers);
  await server.auth.users.create('olga', 'operator-password-1', 'operator');
  await server.auth.users.create('vince', 'viewer-password-1', 'viewer');
  operator = await signIn(server.url, 'olga', 'operator-password-1');
  viewer = await signIn(server.url, 'vince', 'viewer-password-1');
  await createTopics(kafka, [{ topic: source, partitions: 2 }]);
  await produce(kafka, source, Array.from({ length: 6_000 }, (_, i) => ({ partition: i % 2, key: `k${i}`, value: JSON.stringify({ i, pad: 'x'.repeat(100) }) })));
});
afterAll(() => server?.stop());

const call = (path: string, who: { cookie: string; csrfToken: string }, body?: unknown) =>
  fetch(server.url + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', cookie: who.cookie, 'x-csrf-token': who.csrfToken },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function newTarget() {
  const t = uniqueName('replay-jobs-out');
  await createTopics(kafka, [{ topic: t, partitions: 2 }]);
  return t;
}

describe('the live lease', () => {
  it('is pushed when renewed between batches, not only with each batch', async () => {
    // A 1 s lease is renewed every ~333 ms; at 1 record/s each batch takes a second.
    const leased = await startTestServer({ brokers, env: { EVENTLINE_LEASE_MS: '1000' } });
    try {
      const target = await newTarget();
      const pushed: ReplayJobView[] = [];
      leased.replay.events.on('progress', (j: ReplayJobView) => pushed.push(j));
      const job = await leased.replay.create(replayRequestSchema.parse({ selection: { kind: 'range', topic: source }, target: { kind: 'topic', topic: target }, options: { ratePerSecond: 1 }, confirmTarget: target }), 'tester');
      await sleep(3_500);
      await leased.replay.cancel(job.id, 'tester');
      const running = pushed.filter((j) => j.id === job.id && j.state === 'running');
      const batches = new Set(running.map((j) => j.counts.sent)).size;
      const leases = new Set(running.map((j) => j.leaseUntil)).size;
      expect(batches).toBeGreaterThanOrEqual(2);
      expect(leases).toBeGreaterThan(batches);
    } finally {
      await leased.stop();
    }
  }, 40_000);
});

describe('rate limit', () => {
  it('sends at the asked rate, within 20 % over 10 s', async () => {
    const target = await newTarget();
    const job = await server.replay.create(replayRequestSchema.parse({ selection: { kind: 'range', topic: source }, target: { kind: 'topic', topic: target }, options: { ratePerSecond: 300 }, confirmTarget: target }), 'tester');
    // Measure from the first acknowledged batch, so connecting the producer is not counted.
    const first = await waitFor('the first batch', async () => {
      const j = await server.replay.get(job.id);
      return j.counts.sent > 0 ? { at: Date.now(), sent: j.counts.sent } : null;
    });
    await sleep(10_000);
    const after = await server.replay.get(job.id);
    const rate = ((after.counts.sent - first.sent) * 1000) / (Date.now() - first.at);
    await server.replay.cancel(job.id, 'tester');
    expect(rate).toBeGreaterThan(240);
    expect(rate).toBeLessThan(360);
  }, 40_000);
});

describe('pause, resume and cancel', () => {
  it('pauses (nothing more is sent), resumes from the checkpoint, and cancels', async () => {
    const target = await newTarget();
    const job = await server.replay.create(replayRequestSchema.parse({ selection: { kind: 'range', topic: source }, target: { kind: 'topic', topic: target }, options: { ratePerSecond: 1_000 }, confirmTarget: target }), 'tester');
    await waitFor('some records sent', async () => (await server.replay.get(job.id)).counts.sent >= 500);
    const paused = await server.replay.pause(job.id, 'tester');
    expect(paused.state).toBe('paused');
    await sleep(700);
    const still = await server.replay.get(job.id);
    expect(still.counts.sent).toBe(paused.counts.sent);
    expect((await readAll(kafka, brokers, target)).length).toBe(paused.counts.sent);
    await expect(server.replay.pause(job.id, 'tester')).rejects.toMatchObject({ code: 'REPLAY_STATE' });

    await server.replay.resume(job.id, 'tester');
    await waitFor('more records sent', async () => (await server.replay.get(job.id)).counts.sent >= paused.counts.sent + 500);
    const cancelled = await server.replay.cancel(job.id, 'tester');
    expect(cancelled).toMatchObject({ state: 'cancelled', lastActionBy: 'tester' });
    expect(cancelled.counts.sent).toBeLessThan(6_000);
    expect(cancelled.finishedAt).not.toBeNull();
    await sleep(500);
    const copies = await readAll(kafka, brokers, target);
    expect(copies.length).toBe(cancelled.counts.sent);
    // Nothing sent twice across the pause: every source offset appears once.
    expect(new Set(copies.map((r) => r.headers.find((h) => h.key === 'x-eventline-replay-of')!.value!.toString())).size).toBe(copies.length);
    await expect(server.replay.resume(job.id, 'tester')).rejects.toMatchObject({ code: 'REPLAY_STATE' });
  }, 60_000);

  it('runs unlimited to the end and reports it over the socket', async () => {
    const target = await newTarget();
    const admin = await signIn(server.url, 'admin', TEST_ADMIN_PASSWORD);
    const socket = connectSocket(server.url, { transports: ['websocket'], extraHeaders: { cookie: admin.cookie } });
    const seen: ReplayJobView[] = [];
    socket.on('replay:progress', (j: ReplayJobView) => seen.push(j));
    await new Promise<void>((ok) => socket.on('connect', () => ok()));
    socket.emit('subscribe', 'replays');
    await sleep(200);
    const job = await server.replay.create(replayRequestSchema.parse({ selection: { kind: 'range', topic: source }, target: { kind: 'topic', topic: target }, options: { ratePerSecond: 0 }, confirmTarget: target }), 'tester');
    await server.replay.settled(job.id);
    const done = await waitFor('the last progress event', async () => seen.find((j) => j.id === job.id && j.state === 'completed'));
    socket.close();
    expect(done.counts).toMatchObject({ read: 6_000, matched: 6_000, sent: 6_000 });
    expect(done.progressed).toBe(6_000);
    expect(seen.filter((j) => j.id === job.id).length).toBeGreaterThanOrEqual(2);
    // Progress pushes carry the claim and the lease as renewed with each batch.
    const pushed = seen.filter((j) => j.id === job.id);
    expect(pushed.every((j) => j.claimedBy === done.claimedBy && j.leaseUntil !== null)).toBe(true);
  }, 60_000);
});

describe('the replay API', () => {
  const body = (target: string, extra: Partial<ReplayRequest> = {}): ReplayRequest => ({
    selection: { kind: 'range', topic: source, partitions: [0] },
    target: { kind: 'topic', topic: target },
    options: { ratePerSecond: 0 },
    ...extra,
  });

  it('lets a viewer list and read jobs but not preview, start or steer them (403)', async () => {
    const target = await newTarget();
    expect((await call('/api/replays', viewer)).status).toBe(200);
    expect((await call('/api/replays/preview', viewer, body(target))).status).toBe(403);
    expect((await call('/api/replays', viewer, body(target))).status).toBe(403);
    for (const step of ['pause', 'resume', 'cancel']) {
      expect((await call(`/api/replays/00000000-0000-4000-8000-000000000000/${step}`, viewer, {})).status).toBe(403);
    }
    for (const path of ['/api/replays', '/api/replays/preview', '/api/replays/:id/pause', '/api/replays/:id/resume', '/api/replays/:id/cancel']) {
      expect(server.routes.find((r) => r.method === 'POST' && r.path === path)?.access).toBe('operator');
    }
  });

  it('asks for the typed target name above 1,000 records, and audits start and cancel with the selection and counts', async () => {
    const target = await newTarget();
    const preview = (await (await call('/api/replays/preview', operator, body(target))).json()) as ReplayPreview;
    expect(preview.counts.matched).toBe(3_000);
    expect(preview).toMatchObject({ confirmationNeeded: true, confirmationName: target });
    expect(preview.sample).toHaveLength(20);

    const unconfirmed = await call('/api/replays', operator, body(target));
    expect(unconfirmed.status).toBe(422);
    expect(((await unconfirmed.json()) as { error: { code: string } }).error.code).toBe('REPLAY_CONFIRMATION_REQUIRED');
    const wrong = await call('/api/replays', operator, body(target, { confirmTarget: 'payments' }));
    expect(wrong.status).toBe(422);

    const started = await call('/api/replays', operator, body(target, { confirmTarget: target, options: { ratePerSecond: 200 } }));
    expect(started.status).toBe(201);
    const job = (await started.json()) as ReplayJobView;
    expect(job).toMatchObject({ state: 'running', createdBy: 'olga', total: 3_000 });
    const read = (await (await call(`/api/replays/${job.id}`, viewer)).json()) as ReplayJobView;
    expect(read.id).toBe(job.id);
    const cancelled = await call(`/api/replays/${job.id}/cancel`, operator, {});
    expect(cancelled.status).toBe(200);
    expect(((await cancelled.json()) as ReplayJobView).state).toBe('cancelled');

    const { entries } = await server.auth.audit.page({ limit: 20 });
    const start = entries.find((e) => e.action === 'replay.start' && e.outcome === 'success' && e.target === target)!;
    expect(start).toMatchObject({ actor: 'olga' });
    expect(start.detail).toMatchObject({ selection: { topic: source, partitions: [0] }, target: { kind: 'topic', topic: target } });
    const refused = entries.filter((e) => e.action === 'replay.start' && e.outcome === 'failure' && e.target === target);
    expect(refused).toHaveLength(2);
    const cancel = entries.find((e) => e.action === 'replay.cancel' && e.target === job.id)!;
    expect(cancel).toMatchObject({ actor: 'olga', outcome: 'success' });
    expect(cancel.detail).toMatchObject({ selection: { topic: source }, total: 3_000 });
    expect((cancel.detail as { counts: { sent: number } }).counts).toBeDefined();
  });

  it('lists which server runs a job and until when its lease holds', async () => {
    const target = await newTarget();
    const started = await call('/api/replays', operator, body(target, { confirmTarget: target, options: { ratePerSecond: 200 } }));
    const job = (await started.json()) as ReplayJobView;
    await waitFor('a first batch', async () => (await server.replay.get(job.id)).counts.sent > 0);
    const { jobs } = (await (await call('/api/replays', viewer)).json()) as { jobs: ReplayJobView[] };
    const listed = jobs.find((j) => j.id === job.id)!;
    // This process runs it: host:pid:random, the same name its claimed_by row holds.
    expect(listed.claimedBy).toMatch(new RegExp(`^[^:]+:${process.pid}:[0-9a-f]{8}$`));
    const until = Date.parse(listed.leaseUntil!);
    expect(until).toBeGreaterThan(Date.now() - 1_000); // renewed with the batches: not run out
    expect(until).toBeLessThanOrEqual(Date.now() + 10_000 + 1_000); // one lease (10 s by default) ahead at most
    const cancelled = (await (await call(`/api/replays/${job.id}/cancel`, operator, {})).json()) as ReplayJobView;
    expect(cancelled.claimedBy).toBe(listed.claimedBy); // the server that ran it last, once stopped
  });

  it('starts a small filtered job with no confirmation even when its range is large', async () => {
    const target = await newTarget();
    const res = await call('/api/replays', operator, body(target, { selection: { kind: 'range', topic: source, filters: { keyEquals: 'k7' } } }));
    expect(res.status).toBe(201);
    const job = (await res.json()) as ReplayJobView;
    await server.replay.settled(job.id);
    expect((await server.replay.get(job.id)).counts).toMatchObject({ read: 6_000, matched: 1, sent: 1 });
  });

  it('answers 404 for an unknown job and 422 for a bad request', async () => {
    expect((await call('/api/replays/00000000-0000-4000-8000-000000000000', viewer)).status).toBe(404);
    expect((await call('/api/replays/not-an-id', viewer)).status).toBe(404);
    expect((await call('/api/replays', operator, { selection: { kind: 'range' }, target: { kind: 'topic', topic: 'x' } })).status).toBe(422);
    const missing = await call('/api/replays/preview', operator, body('no-such-topic-for-replay'));
    expect(missing.status).toBe(404);
  });
});
