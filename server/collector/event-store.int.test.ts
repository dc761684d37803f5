// The collector's write on PGlite and PostgreSQL: the rollups it computes in JS
// (write-rollups.ts) are what SQL over the stored events says — trace summaries equal
// retention's recount (trace-summary-sql.ts), coverage and flow edges count each stored
// event once — and rows another writer stored already count nowhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../store';
import { createScratch, databaseKinds, type Scratch } from '../store/test-support/scratch-databases';
import { createEventStore } from './event-store';
import { TRACE_TOPIC_PATTERNS, traceSummarySql } from './trace-summary-sql';
import type { EventRow } from './types';
import { UNKNOWN_CAUSE } from '../../lib/flow-graph';
import { copyWriterOf } from '../../lib/copy-writer';

const T0 = Date.parse('2026-06-01T12:00:00Z');

function row(topic: string, partition: number, offset: number, over: Partial<EventRow> = {}): EventRow {
  return {
    topic, partition, offset: String(offset), timestamp: new Date(T0 + offset * 1000).toISOString(), key: null, headers: { h: 'v' },
    eventId: `${topic}-${partition}-${offset}`, eventType: 'Thing', eventVersion: null, source: 'svc', correlationId: null, causationId: null,
    idSources: { eventId: 'cloudevents-binary' }, deadLetterOf: null, writer: null, size: 10, payloadEncoding: 'json', payloadPreview: '{"a":"b\\"c"}', payloadHash: null, problems: [], ...over,
  };
}

describe.each(databaseKinds)('event store on %s', (kind) => {
  let scratch: Scratch;
  let db: Database;
  beforeAll(async () => {
    scratch = await createScratch(kind, 'event_store');
    db = await createDatabase(scratch.config);
  });
  afterAll(async () => {
    await db?.close();
    await scratch?.drop();
  });

  const query = async <T,>(text: string, params: unknown[] = []) => (await db.sql.query<T>(text, params)).rows;

  it('stores every column as given, through the binary arrays', async () => {
    const store = createEventStore(db.sql, { cluster: 'default', groupId: 'cols' });
    const r = row('cols', 0, 1, {
      key: 'k€y', headers: { 'content-type': 'application/json', 'x-ñ': 'ü "q" \\ end' }, eventVersion: '2', correlationId: 'c-cols', causationId: 'cause',
      idSources: { eventId: 'ce', correlationId: 'x' }, deadLetterOf: 'a/0/1', payloadEncoding: 'utf8', payloadPreview: 'plain 𝄞 text', payloadHash: 'ab', problems: ['invalid_json', 'key_binary'],
      timestamp: '1969-12-31T23:59:59.999Z', payloadSchema: { value: { id: 7, error: 'not in the registry' } },
    });
    await store.write([r, row('cols', 0, 2, { key: null, payloadPreview: null, payloadEncoding: 'none' })], [{ topic: 'cols', partition: 0, next: '3' }]);
    const [got] = await query<Record<string, unknown>>(
      `SELECT key, headers, event_id, event_version, correlation_id, causation_id, id_sources, dead_letter_of, size, payload_encoding,
              payload_preview, payload_hash, problems, "timestamp", "offset"::text AS "offset", payload_schema FROM events WHERE topic = 'cols' ORDER BY "offset"`,
    );
    expect(got).toEqual({
      key: 'k€y', headers: r.headers, event_id: r.eventId, event_version: '2', correlation_id: 'c-cols', causation_id: 'cause', id_sources: r.idSources,
      dead_letter_of: 'a/0/1', size: 10, payload_encoding: 'utf8', payload_preview: 'plain 𝄞 text', payload_hash: 'ab', problems: ['invalid_json', 'key_binary'],
      timestamp: new Date('1969-12-31T23:59:59.999Z'), offset: '1', payload_schema: { value: { id: 7, error: 'not in the registry' } },
    });
    expect((await query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE topic = 'cols' AND key IS NULL AND payload_preview IS NULL AND problems = '{}' AND payload_schema IS NULL`))[0]!.n).toBe(1);
    expect((await store.positions()).get('cols/0')).toBe(3n);
  });

  it('keeps trace summaries equal to a recount of the stored events', async () => {
    const store = createEventStore(db.sql, { cluster: 'default', groupId: 'sum' });
    const rows = [
      row('shop.orders', 0, 10, { correlationId: 'sum-1', source: 'b-svc', eventType: 'Zeta' }),
      row('shop.orders', 1, 11, { correlationId: 'sum-1', source: 'a-svc', eventType: 'Alpha' }),
      row('shop.orders.retry', 0, 12, { correlationId: 'sum-1', source: null }),
      row('shop.orders', 0, 13, { correlationId: 'sum-2', problems: ['invalid_json'] }),
      row('shop.orders.dlq', 0, 14, { correlationId: 'sum-3', eventType: null }),
      row('shop.orders', 1, 15, { correlationId: null }),
    ];
    await store.write(rows.slice(0, 4), [{ topic: 'shop.orders', partition: 0, next: '14' }]);
    // A second write adds to an existing summary (the merge in SQL) and makes new ones.
    await store.write([...rows.slice(4), row('shop.orders', 2, 16, { correlationId: 'sum-1', source: 'c-svc', eventType: 'Beta', timestamp: new Date(T0).toISOString() })], [
      { topic: 'shop.orders', partition: 1, next: '16' },
    ]);
    const stored = await query<Record<string, unknown>>(
      `SELECT correlation_id, first_at, last_at, event_count AS n, topics, services, types, has_errors, touched_retry FROM traces
        WHERE correlation_id LIKE 'sum-%' ORDER BY correlation_id`,
    );
    const recount = await query<Record<string, unknown>>(
      `SELECT e.correlation_id, ${traceSummarySql('e', { dlq: 1, retry: 2 })} FROM events e WHERE e.correlation_id LIKE 'sum-%' GROUP BY e.correlation_id ORDER BY 1`,
      [...TRACE_TOPIC_PATTERNS],
    );
    expect(stored).toEqual(recount);
    expect(stored[0]).toMatchObject({ n: 4, services: ['a-svc', 'b-svc', 'c-svc'], types: ['Alpha', 'Beta', 'Thing', 'Zeta'], touched_retry: true, has_errors: false });
    expect(stored.map((s) => s.has_errors)).toEqual([false, true, true]);
  });

  it('counts the writers of retry and dead-letter copies among a trace\'s services, in the recount too', async () => {
    const store = createEventStore(db.sql, { cluster: 'default', groupId: 'writers' });
    // Copies as each family writes them; the writer is the collector's rule on the same headers,
    // which reads no text in a binary one (stored as base64:…).
    const text = (v: string | undefined) => (v?.startsWith('base64:') ? null : v);
    const copy = (topic: string, offset: number, correlationId: string, headers: Record<string, string>) =>
      row(topic, 0, offset, { correlationId, source: 'order-service', headers, writer: copyWriterOf(topic, (n) => text(headers[n])) });
    const rows = [
      row('shop.orders', 0, 1, { correlationId: 'wr-1', source: 'order-service' }),
      copy('shop.orders.retry', 2, 'wr-1', { 'x-retried-by': 'payment-service', 'x-original-topic': 'shop.orders' }),
      copy('shop.orders.dlq', 3, 'wr-1', { 'x-dead-lettered-by': ' payment-service\t', 'x-original-topic': 'shop.orders' }),
      copy('shop.orders-dlt', 4, 'wr-2', { 'kafka_dlt-original-consumer-group': 'billing-group', 'kafka_dlt-original-topic': 'shop.orders', 'x-dead-lettered-by': 'ignored' }),
      copy('connect.dlq', 5, 'wr-3', { '__connect.errors.connector.name': 's3-sink', '__connect.errors.topic': 'shop.orders' }),
      // Not copies' writers: a redrive back on its original topic, a replay, a binary group name, an empty one.
      copy('shop.orders', 6, 'wr-4', { 'kafka_dlt-original-consumer-group': 'billing-group', 'kafka_dlt-original-topic': 'shop.orders' }),
      copy('shop.orders.dlq', 7, 'wr-4', { 'x-dead-lettered-by': 'payment-service', 'x-eventline-replay-id': 'job-1' }),
      copy('shop.orders.dlq', 8, 'wr-4', { 'kafka_dlt-original-consumer-group': 'base64:AAEC' }),
      copy('shop.orders.dlq', 9, 'wr-4', { 'x-dead-lettered-by': '  ' }),
    ];
    expect(rows.slice(5).map((r) => r.writer)).toEqual([null, null, null, null]);
    await store.write(rows, [{ topic: 'shop.orders', partition: 0, next: '10' }]);
    const stored = await query<{ correlation_id: string; services: string[] }>(`SELECT correlation_id, services FROM traces WHERE correlation_id LIKE 'wr-%' ORDER BY 1`);
    const recount = await query<{ correlation_id: string; services: string[] }>(
      `SELECT e.correlation_id, services FROM (SELECT e.correlation_id, ${traceSummarySql('e', { dlq: 1, retry: 2 })} FROM events e WHERE e.correlation_id LIKE 'wr-%' GROUP BY e.correlation_id) e ORDER BY 1`,
      [...TRACE_TOPIC_PATTERNS],
    );
    expect(stored).toEqual([
      { correlation_id: 'wr-1', services: ['order-service', 'payment-service'] },
      { correlation_id: 'wr-2', services: ['billing-group', 'order-service'] },
      { correlation_id: 'wr-3', services: ['order-service', 's3-sink'] },
      { correlation_id: 'wr-4', services: ['order-service'] },
    ]);
    expect(recount).toEqual(stored);
  });

  it('counts rows another writer stored already nowhere: not in traces, coverage nor flows', async () => {
    const store = createEventStore(db.sql, { cluster: 'default', groupId: 'dup' });
    const rows = [0, 1, 2, 3].map((i) => row('dup', 0, i, { correlationId: 'dup-trace' }));
    const first = await store.write(rows.slice(0, 2), [{ topic: 'dup', partition: 0, next: '2' }]);
    expect(first).toMatchObject({ inserted: 2, traces: ['dup-trace'] });
    const again = await store.write(rows.slice(0, 2), [{ topic: 'dup', partition: 0, next: '2' }]);
    expect(again).toMatchObject({ inserted: 0, traces: [] });
    const overlap = await store.write(rows, [{ topic: 'dup', partition: 0, next: '4' }]);
    expect(overlap.inserted).toBe(2);
    expect([...overlap.alreadyStored].map((r) => r.offset)).toEqual(['0', '1']);
    const [t] = await query<{ event_count: number }>(`SELECT event_count FROM traces WHERE correlation_id = 'dup-trace'`);
    const [c] = await query<{ events: string }>(`SELECT events::text FROM topic_coverage WHERE topic = 'dup'`);
    const [f] = await query<{ events: string }>(`SELECT sum(events)::text AS events FROM flow_edges WHERE topic = 'dup' AND step_ms = 60000`);
    expect([t!.event_count, c!.events, f!.events]).toEqual([4, '4', '4']);
  });

  it('counts coverage per partition, with duplicates of sampled ids within the write and stored before', async () => {
    const store = createEventStore(db.sql, { cluster: 'default', groupId: 'cov', duplicateSampleEvery: 1 });
    await store.write([row('cov', 0, 0, { eventId: 'same' })], [{ topic: 'cov', partition: 0, next: '1' }]);
    await store.write(
      [
        row('cov', 1, 0, { eventId: 'twice', correlationId: 'c', causationId: 'x', idSources: { eventId: 'ce', correlationId: 'x-headers' } }),
        row('cov', 2, 0, { eventId: 'twice', deadLetterOf: 'a/0/0' }),
        row('cov', 2, 1, { eventId: 'same' }), // stored before, in partition 0
        row('cov', 2, 2, { eventId: 'cov/2/2', idSources: {} }), // no event id of its own: not checked
      ],
      [{ topic: 'cov', partition: 1, next: '1' }, { topic: 'cov', partition: 2, next: '3' }],
    );
    const rows = await query<Record<string, unknown>>(
      `SELECT partition, events::int, with_event_id::int, with_correlation_id::int, with_causation_id::int, duplicates_checked::int,
              duplicate_event_ids::int, dead_letters::int, conventions FROM topic_coverage WHERE topic = 'cov' ORDER BY partition`,
    );
    expect(rows).toEqual([
      { partition: 0, events: 1, with_event_id: 1, with_correlation_id: 0, with_causation_id: 0, duplicates_checked: 1, duplicate_event_ids: 0, dead_letters: 0, conventions: { 'cloudevents-binary': 1 } },
      { partition: 1, events: 1, with_event_id: 1, with_correlation_id: 1, with_causation_id: 1, duplicates_checked: 1, duplicate_event_ids: 0, dead_letters: 0, conventions: { ce: 1, 'x-headers': 1 } },
      { partition: 2, events: 3, with_event_id: 2, with_correlation_id: 0, with_causation_id: 0, duplicates_checked: 2, duplicate_event_ids: 2, dead_letters: 1, conventions: { 'cloudevents-binary': 2 } },
    ]);
  });

  it('rolls flow edges up per minute and hour, with the cause found in the write or stored before', async () => {
    const store = createEventStore(db.sql, { cluster: 'default', groupId: 'flow' });
    await store.write([row('flow.a', 0, 0, { eventId: 'root', source: 'origin' })], [{ topic: 'flow.a', partition: 0, next: '1' }]);
    await store.write(
      [
        row('flow.b', 0, 0, { eventId: 'mid', source: 'middle', causationId: 'root' }), // cause stored before
        row('flow.b', 0, 1, { eventId: 'leaf', source: 'leaf-svc', causationId: 'mid', eventType: null }), // cause in this write
        row('flow.b', 0, 2, { source: 'leaf-svc', causationId: 'nowhere', eventType: null, problems: ['invalid_json'] }), // cause not stored: UNKNOWN_CAUSE, no journey start
      ],
      [{ topic: 'flow.b', partition: 0, next: '3' }],
    );
    const edges = await query<Record<string, unknown>>(
      `SELECT step_ms, bucket, source, caused_by, event_type, events::int, errors::int FROM flow_edges WHERE topic = 'flow.b' ORDER BY step_ms, caused_by COLLATE "C"`,
    );
    const minute = new Date(Math.floor(T0 / 60_000) * 60_000);
    const hour = new Date(Math.floor(T0 / 3_600_000) * 3_600_000);
    expect(edges).toEqual([
      { step_ms: 60000, bucket: minute, source: 'leaf-svc', caused_by: UNKNOWN_CAUSE, event_type: '', events: 1, errors: 1 },
      { step_ms: 60000, bucket: minute, source: 'leaf-svc', caused_by: 'middle', event_type: '', events: 1, errors: 0 },
      { step_ms: 60000, bucket: minute, source: 'middle', caused_by: 'origin', event_type: 'Thing', events: 1, errors: 0 },
      { step_ms: 3600000, bucket: hour, source: 'leaf-svc', caused_by: UNKNOWN_CAUSE, event_type: '', events: 1, errors: 1 },
      { step_ms: 3600000, bucket: hour, source: 'leaf-svc', caused_by: 'middle', event_type: '', events: 1, errors: 0 },
      { step_ms: 3600000, bucket: hour, source: 'middle', caused_by: 'origin', event_type: 'Thing', events: 1, errors: 0 },
    ]);
  });
});
