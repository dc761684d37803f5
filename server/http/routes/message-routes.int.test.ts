import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessagePage } from '../../../lib/message-types';
import { testKafkaBrokers, uniqueName } from '../../kafka/test-support/test-kafka';
import { signIn, startTestServer } from '../../test-support/start-test-server';

let server: Awaited<ReturnType<typeof startTestServer>>;
let viewer: { cookie: string };
const topic = uniqueName('msg-api');

beforeAll(async () => {
  server = await startTestServer({ brokers: testKafkaBrokers() });
  await server.auth.users.create('vic', 'viewer-password-1', 'viewer');
  viewer = await signIn(server.url, 'vic', 'viewer-password-1');
  const kafka = new Kafka({ brokers: testKafkaBrokers(), clientId: 'msg-api-test', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer();
  await Promise.all([admin.connect(), producer.connect()]);
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 2, replicationFactor: 1 }] });
  await producer.send({ topic, messages: Array.from({ length: 6 }, (_, i) => ({ partition: 1, value: `r${i}` })) });
  await Promise.all([admin.disconnect(), producer.disconnect()]);
});
afterAll(() => server?.stop());

const get = (path: string, cookie?: string) => fetch(server.url + path, { headers: cookie ? { cookie } : {} });
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

describe('GET /api/topics/:topic/messages', () => {
  it('is in the route table for viewers, and refuses anonymous callers', async () => {
    expect(server.routes.find((r) => r.path === '/api/topics/:topic/messages')?.access).toBe('viewer');
    const res = await get(`/api/topics/${topic}/messages`);
    expect(res.status).toBe(401);
  });

  it('serves a viewer a page from an offset', async () => {
    const res = await get(`/api/topics/${topic}/messages?partition=1&offset=2&limit=3`, viewer.cookie);
    expect(res.status).toBe(200);
    const page = (await res.json()) as MessagePage;
    expect(page.records.map((r) => [r.offset, r.value?.preview])).toEqual([[2, 'r2'], [3, 'r3'], [4, 'r4']]);
    expect(page.partitions).toEqual([{ partition: 0, logStart: 0, logEnd: 0 }, { partition: 1, logStart: 0, logEnd: 6 }]);
  });

  it('answers 404 for an unknown topic, 400 with the range for a bad offset, 422 for a bad query', async () => {
    const missing = await get('/api/topics/no-such-topic-here/messages', viewer.cookie);
    expect(missing.status).toBe(404);
    expect(await errorOf(missing)).toMatchObject({ code: 'TOPIC_NOT_FOUND' });
    const bad = await get(`/api/topics/${topic}/messages?partition=1&offset=99`, viewer.cookie);
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).message).toContain('readable offsets are 0 to 5');
    const empty = await get(`/api/topics/${topic}/messages?partition=0&offset=0`, viewer.cookie);
    expect(empty.status).toBe(400);
    expect((await errorOf(empty)).message).toContain('holds no records');
    const noPartition = await get(`/api/topics/${topic}/messages?offset=3`, viewer.cookie);
    expect(noPartition.status).toBe(422);
    expect((await errorOf(noPartition)).message).toContain('needs a partition');
    const both = await get(`/api/topics/${topic}/messages?partition=1&offset=3&before=4`, viewer.cookie);
    expect(both.status).toBe(422);
  });
});

describe('GET /api/topics/:topic/messages?filter=<CEL>', () => {
  const filtered = uniqueName('msg-api-cel');

  beforeAll(async () => {
    const kafka = new Kafka({ brokers: testKafkaBrokers(), clientId: 'msg-api-cel-test', logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    const producer = kafka.producer();
    await Promise.all([admin.connect(), producer.connect()]);
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: filtered, numPartitions: 1, replicationFactor: 1 }] });
    const statuses = ['PAID', 'DECLINED', 'PAID', 'DECLINED', 'DECLINED', 'PAID'];
    await producer.send({
      topic: filtered,
      messages: statuses.map((status, i) => ({ key: `o-${i}`, value: JSON.stringify({ status, n: i }), headers: { 'x-tenant': i < 4 ? 'eu' : 'us' } })),
    });
    await Promise.all([admin.disconnect(), producer.disconnect()]);
  });

  it("keeps the page's records the replay's CEL predicate holds for, and says how many were read", async () => {
    const cel = encodeURIComponent('value.status == "DECLINED" && headers["x-tenant"] == "eu"');
    const res = await get(`/api/topics/${filtered}/messages?partition=0&offset=0&limit=10&filter=${cel}`, viewer.cookie);
    expect(res.status).toBe(200);
    const page = (await res.json()) as MessagePage;
    expect(page.records.map((r) => r.offset)).toEqual([1, 3]);
    expect(page.scanned).toBe(6);
    const all = await get(`/api/topics/${filtered}/messages?filter=${encodeURIComponent('value.n % 2 == 0')}`, viewer.cookie);
    expect(((await all.json()) as MessagePage).records.map((r) => r.key?.preview)).toEqual(['o-0', 'o-2', 'o-4']);
  });

  it('answers 400 with the parse error, capped, for an expression that does not parse', async () => {
    const res = await get(`/api/topics/${filtered}/messages?partition=0&filter=${encodeURIComponent(`value.status == ("${'x'.repeat(1500)}"`)}`, viewer.cookie);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('INVALID_MESSAGE_FILTER');
    expect(error.message).toMatch(/^The CEL predicate does not parse: /);
    expect(error.message.length).toBeLessThanOrEqual(340);
  });
});
