import { describe, expect, it } from 'vitest';
import { copyWriterLabel, copyWriterOf } from './copy-writer';

const of = (topic: string, headers: Record<string, string>) => copyWriterOf(topic, (name) => headers[name]);

describe('copyWriterOf', () => {
  it('Spring names the consumer group; the topic tells a retry copy from a dead letter', () => {
    const spring = { 'kafka_dlt-original-topic': 'orders', 'kafka_dlt-original-consumer-group': 'payments' };
    expect(of('orders.DLT', spring)).toEqual({ role: 'dead-letter', by: 'payments', kind: 'group' });
    expect(of('orders-retry-1000', spring)).toEqual({ role: 'retry', by: 'payments', kind: 'group' });
  });
  it('Kafka Connect names the connector', () => {
    expect(of('dlq-s3', { '__connect.errors.topic': 'orders', '__connect.errors.connector.name': 's3-sink' })).toEqual({ role: 'dead-letter', by: 's3-sink', kind: 'connector' });
  });
  it('the demo names its service, and says which copy it wrote', () => {
    expect(of('payments.DLQ', { 'x-original-topic': 'orders', 'x-dead-lettered-by': 'payment-service' })).toEqual({ role: 'dead-letter', by: 'payment-service', kind: 'service' });
    expect(of('payments.retry', { 'x-original-topic': 'orders', 'x-retried-by': 'payment-service' })).toEqual({ role: 'retry', by: 'payment-service', kind: 'service' });
  });
  it('Spring over Connect over the demo, as the dead-letter decoder ranks them', () => {
    const all = { 'kafka_dlt-original-consumer-group': 'g', '__connect.errors.connector.name': 'c', 'x-dead-lettered-by': 's' };
    expect(of('x.DLT', all)?.by).toBe('g');
    expect(of('x.DLT', { '__connect.errors.connector.name': 'c', 'x-dead-lettered-by': 's' })?.by).toBe('c');
  });
  it('none without a named writer, on the original topic again (a redrive), or from a replay', () => {
    expect(of('orders.DLT', { 'kafka_dlt-original-topic': 'orders' })).toBeNull();
    expect(of('orders.DLT', { 'kafka_dlt-original-consumer-group': '  ' })).toBeNull();
    expect(of('orders', { 'kafka_dlt-original-topic': 'orders', 'kafka_dlt-original-consumer-group': 'payments' })).toBeNull();
    expect(of('audit', { 'x-dead-lettered-by': 'payment-service', 'x-eventline-replay-id': 'j' })).toBeNull();
  });
});

describe('copyWriterLabel', () => {
  it('says who, and what it is when it is not a service', () => {
    expect(copyWriterLabel({ role: 'dead-letter', by: 'payment-service', kind: 'service' })).toBe('dead-lettered by payment-service');
    expect(copyWriterLabel({ role: 'retry', by: 'payments', kind: 'group' })).toBe('retried by group payments');
    expect(copyWriterLabel({ role: 'dead-letter', by: 's3-sink', kind: 'connector' })).toBe('dead-lettered by connector s3-sink');
  });
});
