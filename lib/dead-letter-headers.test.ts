import { describe, expect, it } from 'vitest';
import { decodeDeadLetterHeaders, originProblem, storedHeaderBytes, type HeaderBytes } from './dead-letter-headers';

const te = new TextEncoder();
const h = (key: string, value: string | number[] | null): HeaderBytes => ({ key, value: value === null ? null : typeof value === 'string' ? te.encode(value) : new Uint8Array(value) });

describe('decodeDeadLetterHeaders', () => {
  it('reads Spring Kafka headers: partition as a 4-byte and offset as an 8-byte big-endian number', () => {
    const info = decodeDeadLetterHeaders([
      h('kafka_dlt-original-topic', 'payments'),
      h('kafka_dlt-original-partition', [0, 0, 1, 2]),
      h('kafka_dlt-original-offset', [0, 0, 0, 1, 0, 0, 0, 5]),
      h('kafka_dlt-original-consumer-group', 'billing'),
      h('kafka_dlt-exception-fqcn', 'java.lang.IllegalStateException'),
      h('kafka_dlt-exception-message', 'card expired'),
      h('kafka_dlt-exception-stacktrace', 'at Billing.pay'),
    ]);
    expect(info).toEqual({
      family: 'spring',
      originalTopic: 'payments',
      originalPartition: 258,
      originalOffset: String(2 ** 32 + 5),
      consumerGroup: 'billing',
      connector: null,
      exceptionClass: 'java.lang.IllegalStateException',
      exceptionMessage: 'card expired',
      stacktrace: 'at Billing.pay',
      problems: [],
    });
    expect(originProblem(info)).toBeNull();
  });

  it('says which Spring number it could not read, and never guesses one', () => {
    const info = decodeDeadLetterHeaders([h('kafka_dlt-original-topic', 'payments'), h('kafka_dlt-original-partition', '3'), h('kafka_dlt-original-offset', [1])]);
    expect(info).toMatchObject({ originalPartition: null, originalOffset: null });
    expect(info!.problems).toEqual(['kafka_dlt-original-partition: 1 bytes, not a 4-byte int', 'kafka_dlt-original-offset: 1 bytes, not an 8-byte long']);
  });

  it('reads Kafka Connect headers as UTF-8 text', () => {
    const info = decodeDeadLetterHeaders([
      h('__connect.errors.topic', 'orders'),
      h('__connect.errors.partition', '4'),
      h('__connect.errors.offset', '9007199254740993'),
      h('__connect.errors.connector.name', 'jdbc-sink'),
      h('__connect.errors.exception.class.name', 'org.apache.kafka.connect.errors.DataException'),
      h('__connect.errors.exception.message', 'bad schema'),
    ]);
    expect(info).toMatchObject({ family: 'connect', originalTopic: 'orders', originalPartition: 4, originalOffset: '9007199254740993', connector: 'jdbc-sink', exceptionMessage: 'bad schema' });
  });

  it("reads the demo shop's own headers and splits its one-line error", () => {
    const info = decodeDeadLetterHeaders([
      h('x-original-topic', 'orders'),
      h('x-original-partition', '2'),
      h('x-original-offset', '17'),
      h('x-error', 'InvalidEventError: amount is negative'),
      h('x-dead-lettered-by', 'payment-service'),
    ]);
    expect(info).toMatchObject({ family: 'eventline-demo', originalTopic: 'orders', originalPartition: 2, consumerGroup: 'payment-service', exceptionClass: 'InvalidEventError', exceptionMessage: 'amount is negative' });
  });

  it('returns null for a record with no dead-letter headers, and names the problem for an origin', () => {
    expect(decodeDeadLetterHeaders([h('x-correlation-id', 'c1')])).toBeNull();
    expect(originProblem(null)).toBe('no dead-letter headers');
    expect(originProblem(decodeDeadLetterHeaders([h('kafka_dlt-exception-message', 'boom')]))).toBe('spring dead-letter headers name no original topic');
  });
});

describe('storedHeaderBytes', () => {
  it("turns the collector's stored text and base64 values back into bytes", () => {
    const info = decodeDeadLetterHeaders(storedHeaderBytes({ 'kafka_dlt-original-topic': 'orders', 'kafka_dlt-original-offset': 'base64:AAAAAAAAAAc=' }));
    expect(info).toMatchObject({ originalTopic: 'orders', originalOffset: '7' });
  });
});
