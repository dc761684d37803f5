import { Kafka, logLevel, type Admin, type Consumer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage } from '../../lib/audit-types';
import type { OffsetResetPlan } from '../../lib/offset-reset-types';
import { testKafkaBrokers, uniqueName } from '../kafka/test-support/test-kafka';
import { signIn, startTestServer, TEST_ADMIN_PASSWORD } from '../test-support/start-test-server';

// Offset reset through the HTTP API, against the real broker: p0 holds 20 records and p1
// 10, written one second apart from BASE, so each record's timestamp says its offset.
const BASE = Date.now() - 3_600_000;
const kafka = new Kafka({ brokers: testKafkaBrokers(), clientId: 'reset-int-test', logLevel: logLevel.NOTHING });
const run = uniqueName('reset');

let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: Admin;
let operator: { cookie: string; csrfToken: string };
let viewer: { cookie: string; csrfToken: string };
let signedInAdmin: { cookie: string; csrfToken: string };

beforeAll(async () => {
  server = await startTestServer({ brokers: testKafkaBrokers() });
  await server.auth.users.create(`${run}-op`, 'operator-password', 'operator');
  await server.auth.users.create(`${run}-viewer`, 'viewer-password', 'viewer');
  operator = await signIn(server.url, `${run}-op`, 'operator-password');
  viewer = await signIn(server.url, `${run}-viewer`, 'viewer-password');
  signedInAdmin = await signIn(server.url, 'admin', TEST_ADMIN_PASSWORD);
  admin = kafka.admin();
  await admin.connect();
});
afterAll(async () => {
  await admin?.disconnect();
  await server?.stop();
});

async function topicWithRecords() {
  const topic = uniqueName('reset-topic');
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 2, replicationFactor: 1 }] });
  const producer = kafka.producer();
  await producer.connect();
  for (const [partition, count] of [[0, 20], [1, 10]] as const) {
    await producer.send({ topic, messages: Array.from({ length: count }, (_, i) => ({ partition, value: `m${i}`, timestamp: String(BASE + i * 1000) })) });
  }
  await producer.disconnect();
  return topic;
}

/** A group that committed 5 of 20 on p0 and 10 of 10 on p1, and has no members. */
async function emptyGroup(topic: string) {
  const groupId = uniqueName('reset-group');
  await server.kafka.setGroupOffsets(groupId, topic, [
    { partition: 0, offset: 5 },
    { partition: 1, offset: 10 },
  ]);
  return groupId;
}

const post = (path: string, body: unknown, who = operator) =>
  fetch(server.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: who.cookie, 'x-csrf-token': who.csrfToken },
    body: JSON.stringify(body),
  });
const preview = (groupId: string, body: unknown, who = operator) => post(`/api/lag/groups/${groupId}/offsets/preview`, body, who);
const apply = (groupId: string, body: unknown, who = operator) => post(`/api/lag/groups/${groupId}/offsets`, body, who);

async function committed(groupId: string, topic: string) {
  const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return Object.fromEntries(t!.partitions.map((p) => [p.partition, Number(p.offset)]));
}

describe('offset reset over the HTTP API', () => {
  it('previews exact numbers per partition and writes nothing', async () => {
    const topic = await topicWithRecords();
    const groupId = await emptyGroup(topic);
    const res = await preview(groupId, { to: 'latest' });
    expect(res.status).toBe(200);
    const plan = (await res.json()) as OffsetResetPlan;
    expect(plan).toEqual({
      groupId,
      partitions: [
        { topic, partition: 0, from: 5, to: 20, lagBefore: 15, lagAfter: 0 },
        { topic, partition: 1, from: 10, to: 10, lagBefore: 0, lagAfter: 0 },
      ],
      totalLagBefore: 15,
      totalLagAfter: 0,
    });
    expect(await committed(groupId, topic)).toEqual({ 0: 5, 1: 10 });
  });

  it('moves the committed offsets to the earliest, and audits what moved', async () => {
    const topic = await topicWithRecords();
    const groupId = await emptyGroup(topic);
    const res = await apply(groupId, { topic, to: 'earliest' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as OffsetResetPlan).totalLagAfter).toBe(30);
    expect(await committed(groupId, topic)).toEqual({ 0: 0, 1: 0 });
    // The server polled after the write: the group's lag is the new one at once.
    const group = (await (await fetch(`${server.url}/api/lag/groups/${groupId}`, { headers: { cookie: operator.cookie } })).json()) as { totalLag: number };
    expect(group.totalLag).toBe(30);

    const audit = (await (await fetch(`${server.url}/api/audit?limit=50`, { headers: { cookie: signedInAdmin.cookie } })).json()) as AuditPage;
    const entry = audit.entries.find((e) => e.action === 'group.offsets.reset' && e.target === groupId);
    expect(entry).toMatchObject({
      actor: `${run}-op`,
      role: 'operator',
      outcome: 'success',
      detail: { topic, to: 'earliest', partitions: [`${topic}[0] 5 → 0`, `${topic}[1] 10 → 0`], totalLagBefore: 15, totalLagAfter: 30 },
    });
  });

  it('to a timestamp, picks each partition’s first record at or after it, or the log end', async () => {
    const topic = await topicWithRecords();
    const groupId = await emptyGroup(topic);
    const res = await apply(groupId, { to: 'timestamp', timestamp: BASE + 7_500 });
    const plan = (await res.json()) as OffsetResetPlan;
    expect(plan.partitions.map((p) => [p.partition, p.to, p.lagAfter])).toEqual([
      [0, 8, 12],
      [1, 8, 2],
    ]);
    expect(await committed(groupId, topic)).toEqual({ 0: 8, 1: 8 });
    // p1's last record is at BASE + 9 s: at BASE + 15 s p1 has none, so it goes to its end.
    const later = (await (await preview(groupId, { to: 'timestamp', timestamp: BASE + 15_000 })).json()) as OffsetResetPlan;
    expect(later.partitions.map((p) => [p.partition, p.to])).toEqual([
      [0, 15],
      [1, 10],
    ]);
  });

  it('moves one partition to a specific offset, and refuses one beyond the log with the valid range', async () => {
    const topic = await topicWithRecords();
    const groupId = await emptyGroup(topic);
    const ok = await apply(groupId, { topic, partition: 0, to: 'offset', offset: 12 });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as OffsetResetPlan).partitions).toEqual([{ topic, partition: 0, from: 5, to: 12, lagBefore: 15, lagAfter: 8 }]);
    expect(await committed(groupId, topic)).toEqual({ 0: 12, 1: 10 });

    const beyond = await apply(groupId, { topic, partition: 0, to: 'offset', offset: 21 });
    expect(beyond.status).toBe(400);
    const body = (await beyond.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('OFFSET_OUT_OF_RANGE');
    expect(body.error.message).toContain('valid offsets are 0 to 20');
    expect(await committed(groupId, topic)).toEqual({ 0: 12, 1: 10 });

    const noPartition = await preview(groupId, { topic, to: 'offset', offset: 3 });
    expect(noPartition.status).toBe(422);
  });

  it('answers 404 for a topic the group does not read and for an unknown group', async () => {
    const topic = await topicWithRecords();
    const groupId = await emptyGroup(topic);
    const res = await preview(groupId, { topic: 'no-such-topic', to: 'latest' });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(`Group "${groupId}" has no offsets on topic "no-such-topic" (it reads ${topic}).`);
    expect((await preview(groupId, { topic, partition: 7, to: 'offset', offset: 0 })).status).toBe(404);
    expect((await preview(uniqueName('no-such-group'), { to: 'latest' })).status).toBe(404);
  });

  it('forbids viewers (403) and writes nothing', async () => {
    const topic = await topicWithRecords();
    const groupId = await emptyGroup(topic);
    expect((await preview(groupId, { to: 'latest' }, viewer)).status).toBe(403);
    expect((await apply(groupId, { to: 'latest' }, viewer)).status).toBe(403);
    expect(await committed(groupId, topic)).toEqual({ 0: 5, 1: 10 });
  });

  describe('with an active member', () => {
    let consumer: Consumer;
    afterAll(() => consumer?.disconnect());

    it('refuses with 409 and the reason, and audits the refusal', async () => {
      const topic = await topicWithRecords();
      const groupId = await emptyGroup(topic);
      consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 500 });
      await consumer.connect();
      await consumer.subscribe({ topic });
      const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
      // Pause at once, so the member keeps its committed offsets as they are.
      await consumer.run({ eachMessage: async () => consumer.pause([{ topic }]) });
      await joined;

      const res = await preview(groupId, { to: 'latest' });
      expect(res.status).toBe(409);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('GROUP_NOT_EMPTY');
      expect(body.error.message).toContain("Stop the group's member first; Kafka refuses to move the offsets of an active group.");

      const write = await apply(groupId, { to: 'latest' });
      expect(write.status).toBe(409);
      const audit = (await (await fetch(`${server.url}/api/audit?limit=50`, { headers: { cookie: signedInAdmin.cookie } })).json()) as AuditPage;
      const entry = audit.entries.find((e) => e.action === 'group.offsets.reset' && e.target === groupId);
      expect(entry).toMatchObject({ outcome: 'failure', detail: { to: 'latest', error: expect.stringContaining('Kafka refuses to move the offsets of an active group') } });
    });
  });
});
