import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKafkaBrokers, uniqueName } from '../kafka/test-support/test-kafka';
import { signIn, startTestServer } from '../test-support/start-test-server';

// GET /metrics on a running server, with one group of known lag: 25 records on p0 of
// which 10 are committed (lag 15), 4 on p1 all committed (lag 0).
const TOKEN = 'metrics-token-for-the-int-test';
const PRODUCED_AT = Date.now() - 90_000;
const kafka = new Kafka({ brokers: testKafkaBrokers(), clientId: 'metrics-int-test', logLevel: logLevel.NOTHING });

let server: Awaited<ReturnType<typeof startTestServer>>;
let topic: string;
let groupId: string;
// Group ids are any string: this one checks the label escaping.
const oddGroup = uniqueName('metrics "odd" \\ group');

beforeAll(async () => {
  server = await startTestServer({ brokers: testKafkaBrokers(), env: { EVENTLINE_METRICS_TOKEN: TOKEN } });
  topic = uniqueName('metrics-topic');
  groupId = uniqueName('metrics-group');
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 2, replicationFactor: 1 }] });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: Array.from({ length: 25 }, (_, i) => ({ partition: 0, value: `m${i}`, timestamp: String(PRODUCED_AT + i) })) });
  await producer.send({ topic, messages: Array.from({ length: 4 }, (_, i) => ({ partition: 1, value: `n${i}`, timestamp: String(PRODUCED_AT + i) })) });
  await producer.disconnect();
  await server.kafka.setGroupOffsets(groupId, topic, [
    { partition: 0, offset: 10 },
    { partition: 1, offset: 4 },
  ]);
  await server.kafka.setGroupOffsets(oddGroup, topic, [{ partition: 0, offset: 20 }]);
  await server.lagMonitor.refresh();
});
afterAll(() => server?.stop());

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = `([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\\\\n]|\\\\[\\\\"n])*)"`;
const SAMPLE = new RegExp(`^(${NAME})(?:\\{((?:${LABEL},?)*)\\})? (-?[0-9.e+-]+|NaN|[+-]Inf)$`);

/** Parses the text exposition format strictly: every line is HELP, TYPE or a sample, families in one block. */
function parseExposition(text: string) {
  expect(text.endsWith('\n')).toBe(true);
  const help = new Map<string, number>();
  const type = new Map<string, string>();
  const samples: Sample[] = [];
  const seenFamilies: string[] = [];
  for (const line of text.slice(0, -1).split('\n')) {
    const meta = /^# (HELP|TYPE) (\S+) (.+)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta;
      if (kind === 'HELP') help.set(name!, (help.get(name!) ?? 0) + 1);
      else {
        expect(type.has(name!), `TYPE twice for ${name}`).toBe(false);
        expect(['gauge', 'counter', 'histogram', 'summary', 'untyped']).toContain(rest);
        type.set(name!, rest!);
        seenFamilies.push(name!);
      }
      continue;
    }
    const m = SAMPLE.exec(line);
    expect(m, `not a valid sample line: ${line}`).not.toBeNull();
    const [, name, labelText, , , value] = m!;
    // A sample belongs to the family whose TYPE came last (families are not interleaved).
    expect(seenFamilies.at(-1), `sample of ${name} outside its family`).toBe(name);
    const labels: Record<string, string> = {};
    for (const l of (labelText ?? '').matchAll(new RegExp(LABEL, 'g'))) labels[l[1]!] = l[2]!.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
    samples.push({ name: name!, labels, value: Number(value) });
  }
  for (const name of type.keys()) expect(help.get(name), `HELP once for ${name}`).toBe(1);
  expect([...help.keys()].sort()).toEqual([...type.keys()].sort());
  return { samples, type };
}

const get = (headers: Record<string, string> = {}) => fetch(`${server.url}/metrics`, { headers });

describe('GET /metrics', () => {
  it('needs the metrics token or a session', async () => {
    const anonymous = await get();
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await get({ authorization: 'Bearer not-the-token-at-all' })).status).toBe(401);
    const withToken = await get({ authorization: `Bearer ${TOKEN}` });
    expect(withToken.status).toBe(200);
    expect(withToken.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    await server.auth.users.create('metrics-viewer', 'viewer-password', 'viewer');
    const { cookie } = await signIn(server.url, 'metrics-viewer', 'viewer-password');
    expect((await get({ cookie })).status).toBe(200);
  });

  it('is valid Prometheus text with the group’s lag, lag in seconds, status, brokers and poll duration', async () => {
    const { samples, type } = parseExposition(await (await get({ authorization: `Bearer ${TOKEN}` })).text());
    const one = (name: string, labels: Record<string, string>) => {
      const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
      expect(found, `${name} ${JSON.stringify(labels)}`).toHaveLength(1);
      return found[0]!.value;
    };
    const p0 = { group: groupId, topic, partition: '0' };
    expect(one('kafka_consumergroup_group_lag', p0)).toBe(15);
    expect(one('kafka_consumergroup_group_lag', { ...p0, partition: '1' })).toBe(0);
    expect(one('kafka_consumergroup_group_offset', p0)).toBe(10);
    expect(one('kafka_consumergroup_group_sum_lag', { group: groupId })).toBe(15);
    expect(one('kafka_consumergroup_group_max_lag', { group: groupId })).toBe(15);
    expect(one('kafka_consumergroup_group_topic_sum_lag', { group: groupId, topic })).toBe(15);
    expect(one('kafka_consumergroup_members', { group: groupId, state: 'Empty' })).toBe(0);
    expect(one('kafka_consumergroup_group_lag', { group: oddGroup, topic, partition: '0' })).toBe(5);
    // The record at offset 10 was written at PRODUCED_AT + 10 ms.
    const seconds = one('kafka_consumergroup_group_lag_seconds', p0);
    expect(seconds).toBeGreaterThanOrEqual((Date.now() - PRODUCED_AT - 10) / 1000 - 30);
    expect(seconds).toBeLessThanOrEqual((Date.now() - PRODUCED_AT) / 1000);
    expect(one('kafka_consumergroup_group_max_lag_seconds', { group: groupId })).toBe(seconds);

    const statuses = samples.filter((s) => s.name === 'eventline_consumergroup_status' && s.labels.group === groupId);
    expect(statuses.map((s) => s.labels.status).sort()).toEqual(['ERR', 'OK', 'REWIND', 'STALL', 'STOP', 'WARN']);
    expect(statuses.filter((s) => s.value === 1)).toHaveLength(1);
    expect(statuses.filter((s) => s.value === 0)).toHaveLength(5);

    expect(one('kafka_brokers', {})).toBe(1);
    expect(one('eventline_lag_poll_duration_seconds', {})).toBeGreaterThan(0);
    expect(one('eventline_lag_poll_up', {})).toBe(1);
    expect(one('eventline_cluster_poll_duration_seconds', {})).toBeGreaterThan(0);
    expect(type.get('kafka_consumergroup_group_lag')).toBe('gauge');
    // Every sample carries the cluster it is about.
    expect(samples.every((s) => s.labels.cluster_name && s.labels.cluster_name !== 'unknown')).toBe(true);
  });

  it('carries the id coverage per topic, summed over partitions', async () => {
    await server.database.sql.query(
      `INSERT INTO topic_coverage (cluster, topic, partition, events, with_event_id, with_correlation_id, with_causation_id, duplicates_checked, duplicate_event_ids, dead_letters, conventions)
       VALUES ('default', $1, 0, 30, 20, 27, 10, 20, 2, 0, '{"w3c-traceparent": 27, "cloudevents-binary": 20}'),
              ('default', $1, 1, 10, 10, 3, 0, 10, 1, 0, '{"cloudevents-binary": 10}')`,
      [topic],
    );
    const { samples, type } = parseExposition(await (await get({ authorization: `Bearer ${TOKEN}` })).text());
    const one = (name: string, labels: Record<string, string>) => samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
    expect(one('eventline_topic_events_total', { topic })).toBe(40);
    expect(one('eventline_topic_events_with_correlation_id_total', { topic })).toBe(30);
    expect(one('eventline_topic_duplicate_event_ids_total', { topic })).toBe(3);
    expect(one('eventline_topic_correlation_coverage_ratio', { topic })).toBe(0.75);
    expect(one('eventline_topic_causation_coverage_ratio', { topic })).toBe(0.25);
    expect(one('eventline_topic_event_id_coverage_ratio', { topic })).toBe(0.75);
    expect(one('eventline_topic_duplicate_ratio', { topic })).toBe(0.1);
    expect(one('eventline_topic_convention_events_total', { topic, convention: 'cloudevents-binary' })).toBe(30);
    expect(one('eventline_topic_convention_events_total', { topic, convention: 'w3c-traceparent' })).toBe(27);
    expect(type.get('eventline_topic_events_total')).toBe('counter');
    expect(type.get('eventline_topic_correlation_coverage_ratio')).toBe('gauge');
  });

  it('carries the event catalog: types, versions, drift per kind', async () => {
    await server.database.sql.query(
      `INSERT INTO catalog_entries (cluster, event_type, version, shape, event_count, unshaped_count, first_at, last_at, producers, topics, sample_event_id)
       VALUES ('default', 'm.OrderPlaced.v1', '1', '{"seen":0,"types":{},"examples":[]}', 12, 0, now(), now(), '{}', '{}', 1),
              ('default', 'm.OrderPlaced.v2', '2', '{"seen":0,"types":{},"examples":[]}', 3, 0, now(), now(), '{}', '{}', 2)`,
    );
    await server.database.sql.query(
      `INSERT INTO catalog_drift (cluster, event_type, version, path, kind, before, after, event_id, seen_at)
       VALUES ('default', 'm.OrderPlaced.v1', '1', 'a', 'added', '{}', '{string}', 1, now()), ('default', 'm.OrderPlaced.v1', '1', 'b', 'added', '{}', '{string}', 1, now())`,
    );
    const { samples, type } = parseExposition(await (await get({ authorization: `Bearer ${TOKEN}` })).text());
    const one = (name: string, labels: Record<string, string>) => samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
    expect(one('eventline_catalog_types', {})).toBe(1);
    expect(one('eventline_catalog_versions', {})).toBe(2);
    expect(one('eventline_catalog_events_total', { type: 'm.OrderPlaced.v2', version: '2' })).toBe(3);
    expect(one('eventline_catalog_drift_total', { type: 'm.OrderPlaced.v1', version: '1', kind: 'added' })).toBe(2);
    expect(type.get('eventline_catalog_drift_total')).toBe('counter');
  });
});
