// One test per convention, with records built as each framework writes them: header
// names and byte encodings as they send them, envelopes as they serialise them.
import { describe, expect, it } from 'vitest';
import { defaultLimits } from '../defaults';
import { extractEvent, type RawRecord } from '../extract';
import { BUILT_IN_CONVENTIONS } from './id-conventions';
import { createIdReader } from './read-ids';
import type { Message } from 'kafkajs';
import { deadLetterRecord, defaultRetryPolicy, InvalidEventError, retryRecord, RetryableError } from '../../../demo/lib/retry';

const reader = createIdReader(BUILT_IN_CONVENTIONS);
const b = (s: string) => Buffer.from(s, 'utf8');
const json = (v: unknown) => Buffer.from(JSON.stringify(v));
const rec = (over: Partial<RawRecord>): RawRecord => ({ topic: 'shop.orders', partition: 3, offset: '42', timestamp: '1764489600000', key: null, value: null, ...over });
const x = (over: Partial<RawRecord>) => extractEvent(rec(over), reader, defaultLimits);
const int32 = (n: number) => { const buf = Buffer.alloc(4); buf.writeInt32BE(n); return buf; };
const int64 = (n: bigint) => { const buf = Buffer.alloc(8); buf.writeBigInt64BE(n); return buf; };

describe('W3C Trace Context (@opentelemetry/instrumentation-kafkajs)', () => {
  it('takes the trace id as correlation id', () => {
    const e = x({ headers: { traceparent: b('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'), tracestate: b('rojo=00f067aa0ba902b7') }, value: json({ orderId: 'o1' }) });
    expect(e).toMatchObject({ correlationId: '4bf92f3577b34da6a3ce929d0e0e4736', causationId: null, idSources: { correlationId: 'w3c-traceparent' } });
  });
});

describe('Zipkin B3 (Brave kafka-clients)', () => {
  it('reads the single b3 header, 128- and 64-bit, and ignores a lone sampling flag', () => {
    expect(x({ headers: { b3: b('80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1') } })).toMatchObject({ correlationId: '80f198ee56343ba864fe8b2a57d3eff7', idSources: { correlationId: 'b3' } });
    expect(x({ headers: { b3: b('463ac35c9f6413ad-a2fb4a1d1a96d312-1-0020000000000001') } }).correlationId).toBe('463ac35c9f6413ad');
    expect(x({ headers: { b3: b('0') } }).correlationId).toBeNull();
  });
  it('reads the multi-header form, whatever the case of its names', () => {
    const headers = { 'X-B3-TraceId': b('463ac35c9f6413ad48485a3953bb6124'), 'X-B3-SpanId': b('a2fb4a1d1a96d312'), 'X-B3-ParentSpanId': b('0020000000000001'), 'X-B3-Sampled': b('1') };
    expect(x({ headers })).toMatchObject({ correlationId: '463ac35c9f6413ad48485a3953bb6124', idSources: { correlationId: 'b3' } });
    expect(x({ headers: { 'x-b3-traceid': b('463AC35C9F6413AD') } }).correlationId).toBe('463ac35c9f6413ad');
  });
});

describe('Jaeger', () => {
  it('reads uber-trace-id and pads a trace id whose leading zeros were dropped', () => {
    expect(x({ headers: { 'uber-trace-id': b('3b1a8d1f2c6e4a5b7d3c2b1a0f9e8d7c:7d3c2b1a0f9e8d7c:0:1') } })).toMatchObject({ correlationId: '3b1a8d1f2c6e4a5b7d3c2b1a0f9e8d7c', idSources: { correlationId: 'jaeger' } });
    expect(x({ headers: { 'uber-trace-id': b('a8d1f2c6e4a5b%3A1%3A0%3A1') } }).correlationId).toBe('000a8d1f2c6e4a5b');
    expect(x({ headers: { 'uber-trace-id': b('not-a-trace') } }).correlationId).toBeNull();
  });
});

describe('NServiceBus', () => {
  const headers = {
    'NServiceBus.MessageId': b('a4d3f9b2-6c1e-4e0a-9f7b-b13a00e1c1a1'),
    'NServiceBus.ConversationId': b('0f4c3a7e-2b9d-4c51-8e6f-b13a00e1c0f0'),
    'NServiceBus.CorrelationId': b('77b0e1a2-5d3c-4f9e-a1b2-b13a00e1c0ff'),
    'NServiceBus.RelatedTo': b('77b0e1a2-5d3c-4f9e-a1b2-b13a00e1c0ff'),
    'NServiceBus.EnclosedMessageTypes': b('Shop.Messages.OrderPlaced, Shop.Messages, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null;Shop.Messages.IOrderEvent, Shop.Messages, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null'),
    'NServiceBus.OriginatingEndpoint': b('Sales'),
    'NServiceBus.OriginatingMachine': b('web-1'),
    'NServiceBus.MessageIntent': b('Publish'),
    'NServiceBus.ContentType': b('application/json'),
    'NServiceBus.TimeSent': b('2026-11-30 08:00:00:123456 Z'),
    'NServiceBus.Version': b('9.2.0'),
  };
  it('reads message id, conversation (as correlation), related-to (as causation), the first enclosed type and the endpoint', () => {
    const e = x({ headers, value: json({ OrderId: 'o-17', Id: 'entity-9' }) });
    expect(e).toMatchObject({
      eventId: 'a4d3f9b2-6c1e-4e0a-9f7b-b13a00e1c1a1',
      correlationId: '0f4c3a7e-2b9d-4c51-8e6f-b13a00e1c0f0',
      causationId: '77b0e1a2-5d3c-4f9e-a1b2-b13a00e1c0ff',
      eventType: 'Shop.Messages.OrderPlaced',
      source: 'Sales',
    });
    expect(new Set(Object.values(e.idSources))).toEqual(new Set(['nservicebus']));
  });
  it('falls back to CorrelationId without a conversation id', () => {
    const { 'NServiceBus.ConversationId': _, ...rest } = headers;
    expect(x({ headers: rest }).correlationId).toBe('77b0e1a2-5d3c-4f9e-a1b2-b13a00e1c0ff');
  });
});

describe('MassTransit', () => {
  // As MassTransit 8's System.Text.Json serializer writes the envelope (nulls omitted).
  const envelope = {
    messageId: '00150000-5d3d-0015-1e5c-08dd2f6b7c3f',
    conversationId: '00150000-5d3d-0015-6d52-08dd2f6b7c40',
    initiatorId: '00150000-5d3d-0015-aa10-08dd2f6b7c11',
    sourceAddress: 'loopback://localhost/order-service',
    destinationAddress: 'loopback://localhost/Shop.Contracts:OrderSubmitted',
    messageType: ['urn:message:Shop.Contracts:OrderSubmitted', 'urn:message:Shop.Contracts:IOrderEvent'],
    message: { id: 'order-77', correlationId: 'not-the-envelope', total: 12.5 },
    sentTime: '2026-11-30T08:00:00.1234567Z',
    headers: {},
    host: { machineName: 'web-1', processName: 'Shop.Orders', processId: 1, assembly: 'Shop.Orders', assemblyVersion: '1.0.0.0', frameworkVersion: '8.0.11', massTransitVersion: '8.3.2.0', operatingSystemVersion: 'Unix 6.8.0.0' },
  };
  it('reads the envelope: conversationId is the correlation, initiatorId the causation; the payload under message is not read for ids', () => {
    const e = x({ headers: { 'Content-Type': b('application/vnd.masstransit+json') }, value: json(envelope) });
    expect(e).toMatchObject({
      eventId: '00150000-5d3d-0015-1e5c-08dd2f6b7c3f',
      correlationId: '00150000-5d3d-0015-6d52-08dd2f6b7c40',
      causationId: '00150000-5d3d-0015-aa10-08dd2f6b7c11',
      eventType: 'urn:message:Shop.Contracts:OrderSubmitted',
      source: 'loopback://localhost/order-service',
    });
    expect(new Set(Object.values(e.idSources))).toEqual(new Set(['masstransit']));
  });
  it('a first message (no initiator) has no causation; a CorrelatedBy message keeps the conversation as correlation', () => {
    const { initiatorId: _, ...first } = envelope;
    expect(x({ value: json({ ...first, correlationId: 'c0ffee00-0000-0000-0000-000000000001' }) })).toMatchObject({ causationId: null, correlationId: envelope.conversationId });
  });
  it('reads the Kafka rider headers when a MassTransit-only header is there', () => {
    const e = x({
      headers: { MessageId: b('m-1'), ConversationId: b('conv-1'), 'MT-InitiatorId': b('m-0'), 'MT-MessageType': b('urn:message:Shop.Contracts:OrderSubmitted'), 'MT-Source-Address': b('loopback://localhost/orders') },
      value: json({ total: 1 }),
    });
    expect(e).toMatchObject({ eventId: 'm-1', correlationId: 'conv-1', causationId: 'm-0', idSources: { eventId: 'masstransit-headers', correlationId: 'masstransit-headers' } });
    // Without one, a bare `CorrelationId` header is the generic default's, not MassTransit's.
    expect(x({ headers: { CorrelationId: b('c-9') } }).idSources.correlationId).toBe('eventline-headers');
  });
});

describe('EventStoreDB-style metadata', () => {
  it('reads $correlationId and $causationId inside metadata', () => {
    const e = x({ value: json({ eventId: 'ev-3', eventType: 'OrderShipped', data: { orderId: 'o1' }, metadata: { $correlationId: 'corr-3', $causationId: 'ev-2', userId: 'u1' } }) });
    expect(e).toMatchObject({ eventId: 'ev-3', correlationId: 'corr-3', causationId: 'ev-2', eventType: 'OrderShipped', idSources: { correlationId: 'eventstoredb', causationId: 'eventstoredb', eventId: 'eventline-payload' } });
  });
});

describe('Axon Kafka headers', () => {
  it('reads traceId as the correlation and correlationId as the causation; binary headers do no harm', () => {
    const e = x({
      headers: {
        'axon-message-id': b('5b1d8c2e-4f7a-4b3c-9d1e-2f3a4b5c6d7e'),
        'axon-message-type': b('com.shop.orders.OrderPlacedEvent'),
        'axon-message-timestamp': int64(1764489600123n),
        'axon-message-aggregate-id': b('order-5'),
        'axon-message-aggregate-seq': int64(3n),
        'axon-message-aggregate-type': b('Order'),
        'axon-metadata-traceId': b('1a2b3c4d-0000-4000-8000-000000000001'),
        'axon-metadata-correlationId': b('9f8e7d6c-0000-4000-8000-000000000002'),
      },
      value: json({ orderId: 'order-5' }),
    });
    expect(e).toMatchObject({
      eventId: '5b1d8c2e-4f7a-4b3c-9d1e-2f3a4b5c6d7e',
      correlationId: '1a2b3c4d-0000-4000-8000-000000000001',
      causationId: '9f8e7d6c-0000-4000-8000-000000000002',
      eventType: 'com.shop.orders.OrderPlacedEvent',
      idSources: { eventId: 'axon', correlationId: 'axon', causationId: 'axon', eventType: 'axon' },
    });
  });
});

describe('CloudEvents', () => {
  it('structured mode: the event is the value', () => {
    const e = x({
      headers: { 'content-type': b('application/cloudevents+json; charset=UTF-8') },
      value: json({ specversion: '1.0', id: 'ce-1', source: '/shop/orders', type: 'com.shop.order.placed', time: '2026-11-30T08:00:00Z', datacontenttype: 'application/json', correlationid: 'corr-ce', causationid: 'ce-0', data: { id: 'order-1' } }),
    });
    expect(e).toMatchObject({ eventId: 'ce-1', correlationId: 'corr-ce', causationId: 'ce-0', eventType: 'com.shop.order.placed', source: '/shop/orders' });
    expect(new Set(Object.values(e.idSources))).toEqual(new Set(['cloudevents-structured']));
  });
  it('the same JSON without the content type is read by the generic payload defaults', () => {
    expect(x({ value: json({ id: 'ce-1', type: 't' }) }).idSources).toEqual({ eventId: 'eventline-payload', eventType: 'eventline-payload' });
  });
  it('binary mode: ce_ headers', () => {
    const e = x({
      headers: { ce_specversion: b('1.0'), ce_id: b('ce-2'), ce_source: b('/shop/payments'), ce_type: b('com.shop.payment.taken'), ce_time: b('2026-11-30T08:00:01Z'), ce_correlationid: b('corr-ce'), ce_causationid: b('ce-1'), 'content-type': b('application/json') },
      value: json({ amount: 3 }),
    });
    expect(e).toMatchObject({ eventId: 'ce-2', correlationId: 'corr-ce', causationId: 'ce-1', eventType: 'com.shop.payment.taken', source: '/shop/payments' });
    expect(new Set(Object.values(e.idSources))).toEqual(new Set(['cloudevents-binary']));
  });
});

describe('Spring Kafka', () => {
  it('renders the 16 correlation bytes of ReplyingKafkaTemplate as a UUID, the same on request and reply', () => {
    const uuid = Buffer.from('3f2504e04f8941d39a0c0305e82c3301', 'hex');
    const request = x({ headers: { kafka_correlationId: uuid, kafka_replyTopic: b('replies'), __TypeId__: b('com.shop.PriceRequest') }, value: json({ sku: 'a' }) });
    const reply = x({ topic: 'replies', headers: { kafka_correlationId: Buffer.from(uuid), __TypeId__: b('com.shop.PriceReply') } });
    expect(request).toMatchObject({ correlationId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301', eventType: 'com.shop.PriceRequest', idSources: { correlationId: 'spring', eventType: 'spring' } });
    expect(reply.correlationId).toBe(request.correlationId);
    expect(x({ headers: { kafka_correlationId: Buffer.from([0xff, 0x00, 0x10]) } }).correlationId).toBe('ff0010');
    expect(x({ headers: { kafka_correlationId: b('order-7') } }).correlationId).toBe('order-7');
  });
  it('links a DeadLetterPublishingRecoverer copy to its original (4-byte partition, 8-byte offset)', () => {
    const e = x({
      topic: 'shop.orders-dlt',
      headers: {
        'x-correlation-id': b('corr-9'),
        'kafka_dlt-original-topic': b('shop.orders'),
        'kafka_dlt-original-partition': int32(3),
        'kafka_dlt-original-offset': int64(1234567890123n),
        'kafka_dlt-original-timestamp': int64(1764489600000n),
        'kafka_dlt-original-timestamp-type': b('CreateTime'),
        'kafka_dlt-original-consumer-group': b('payments'),
        'kafka_dlt-exception-fqcn': b('org.springframework.kafka.listener.ListenerExecutionFailedException'),
        'kafka_dlt-exception-message': b('Listener failed'),
      },
      value: json({ orderId: 'o9' }),
    });
    expect(e).toMatchObject({ deadLetterOf: 'shop.orders/3/1234567890123', correlationId: 'corr-9', idSources: { deadLetterOf: 'spring-dlt', correlationId: 'eventline-headers' } });
    expect(e.problems).toContain('header_binary');
  });
  it('says the copy was written by the consumer group that failed, not its envelope source (DLT and non-blocking retry topics)', () => {
    const headers = {
      ce_source: b('order-service'),
      'kafka_dlt-original-topic': b('shop.orders'),
      'kafka_dlt-original-partition': int32(3),
      'kafka_dlt-original-offset': int64(42n),
      'kafka_dlt-original-consumer-group': b('payments'),
      'kafka_dlt-exception-fqcn': b('java.lang.IllegalStateException'),
    };
    const dead = x({ topic: 'shop.orders-dlt', headers });
    expect(dead).toMatchObject({ source: 'order-service', writer: { role: 'dead-letter', by: 'payments', kind: 'group' } });
    // @RetryableTopic writes its retry copies with the same headers.
    expect(x({ topic: 'shop.orders-retry-0', headers }).writer).toEqual({ role: 'retry', by: 'payments', kind: 'group' });
    // Spring before 2.8 wrote no consumer group: no writer to name, the source stays the producer.
    const { 'kafka_dlt-original-consumer-group': _, ...older } = headers;
    expect(x({ topic: 'shop.orders-dlt', headers: older }).writer).toBeNull();
  });
});

describe('Kafka Connect dead-letter queue', () => {
  it('links the copy to its original (decimal text headers)', () => {
    const e = x({
      topic: 'dlq-jdbc-sink',
      headers: {
        '__connect.errors.topic': b('shop.orders'),
        '__connect.errors.partition': b('0'),
        '__connect.errors.offset': b('17'),
        '__connect.errors.connector.name': b('jdbc-sink'),
        '__connect.errors.task.id': b('0'),
        '__connect.errors.stage': b('VALUE_CONVERTER'),
        '__connect.errors.class.name': b('org.apache.kafka.connect.json.JsonConverter'),
        '__connect.errors.exception.class.name': b('org.apache.kafka.connect.errors.DataException'),
        '__connect.errors.exception.message': b('Converting byte[] to Kafka Connect data failed'),
      },
      value: b('not json'),
    });
    expect(e).toMatchObject({ deadLetterOf: 'shop.orders/0/17', idSources: { deadLetterOf: 'connect-dlq' }, writer: { role: 'dead-letter', by: 'jdbc-sink', kind: 'connector' } });
  });
  it('no link when a header is missing or not a number', () => {
    expect(x({ headers: { '__connect.errors.topic': b('t'), '__connect.errors.partition': b('x'), '__connect.errors.offset': b('1') } }).deadLetterOf).toBeNull();
    expect(x({ headers: { 'kafka_dlt-original-topic': b('t'), 'kafka_dlt-original-partition': int32(1) } }).deadLetterOf).toBeNull();
  });
});

describe('precedence when conventions disagree', () => {
  it('follows the table: framework headers, then generic headers, then tracing, then payload fields', () => {
    const tp = b('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    expect(x({ headers: { ce_id: b('ce'), 'x-event-id': b('x') } })).toMatchObject({ eventId: 'ce', idSources: { eventId: 'cloudevents-binary' } });
    expect(x({ headers: { 'x-correlation-id': b('c'), traceparent: tp, b3: b('80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1') } }).idSources.correlationId).toBe('eventline-headers');
    expect(x({ headers: { traceparent: tp, b3: b('80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1') } }).idSources.correlationId).toBe('w3c-traceparent');
    expect(x({ headers: { traceparent: tp }, value: json({ metadata: { $correlationId: 'es' } }) }).correlationId).toBe('es');
    expect(x({ headers: { traceparent: tp }, value: json({ correlationId: 'body' }) }).correlationId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(x({ headers: { 'NServiceBus.ConversationId': b('nsb'), 'x-correlation-id': b('x') } }).correlationId).toBe('nsb');
  });
  it('takes each id from the first convention that has it: ids may come from several', () => {
    const e = x({ headers: { ce_id: b('ce-5'), traceparent: b('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01') }, value: json({ causationId: 'ce-4' }) });
    expect(e.idSources).toEqual({ eventId: 'cloudevents-binary', correlationId: 'w3c-traceparent', causationId: 'eventline-payload' });
  });
  it('skips a value its convention cannot parse and goes on down the table', () => {
    expect(x({ headers: { traceparent: b('00-bad'), b3: b('80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1') } })).toMatchObject({ correlationId: '80f198ee56343ba864fe8b2a57d3eff7', problems: ['traceparent_malformed'] });
  });
});

describe('the writer of a retry or dead-letter copy', () => {
  // Built by the demo's own code, as payment-service writes them (demo/lib/retry.ts).
  const placed = { topic: 'orders', partition: 2, offset: '17', key: b('o-1'), value: json({ orderId: 'o-1' }), headers: { ce_id: 'e-1', ce_source: 'order-service', ce_type: 'shop.OrderPlaced' } };
  const asRecord = (topic: string, m: Message): Partial<RawRecord> => ({ topic, key: m.key as Buffer, value: m.value as Buffer, headers: m.headers as RawRecord['headers'] });

  it('the demo: x-retried-by on a retry copy, x-dead-lettered-by on a dead letter; the source stays order-service', () => {
    const retry = retryRecord(placed, new RetryableError('HTTP 503'), defaultRetryPolicy, 'payment-service', 0);
    expect(x(asRecord('payments.retry', retry))).toMatchObject({ source: 'order-service', eventId: 'e-1', writer: { role: 'retry', by: 'payment-service', kind: 'service' } });
    const dead = deadLetterRecord({ ...placed, topic: 'payments.retry', headers: retry.headers }, new InvalidEventError('bad'), 'payment-service', 0);
    expect(x(asRecord('payments.DLQ', dead))).toMatchObject({ source: 'order-service', writer: { role: 'dead-letter', by: 'payment-service', kind: 'service' } });
  });
  it('no writer for an ordinary record, a redrive back to the original topic, or a replay that kept the headers', () => {
    expect(x(asRecord('orders', { key: placed.key, value: placed.value, headers: placed.headers })).writer).toBeNull();
    const dead = deadLetterRecord(placed, new InvalidEventError('bad'), 'payment-service', 0);
    expect(x(asRecord('orders', dead)).writer, 'redriven to orders with its dead-letter headers').toBeNull();
    expect(x(asRecord('payments.DLQ.copy', { ...dead, headers: { ...dead.headers, 'x-eventline-replay-id': 'job-1' } })).writer).toBeNull();
  });
});
