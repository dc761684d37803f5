import { describe, expect, it } from 'vitest';
import {
  correlationIdOf,
  derivedEventId,
  eventHeaders,
  eventRecord,
  headerString,
  newCorrelationId,
  readEventMeta,
  type EventMeta,
} from './envelope';
import { decodeEvent } from './events';

const meta: EventMeta = {
  id: '9b2e6f1c-7a4d-4e2b-9c1a-0f3d5e7a9b11',
  type: 'shop.PaymentAuthorized.v1',
  source: 'payment-service',
  time: '2025-05-01T10:00:00.000Z',
  correlationId: '4bf92f3577b34da6a3ce929d0e0e4736',
  causationId: '1d4c2a3b-0000-4000-8000-000000000001',
};

describe('envelope headers', () => {
  it('writes CloudEvents binary-mode headers plus correlation and causation', () => {
    expect(eventHeaders(meta, 'x-correlation-id')).toEqual({
      ce_specversion: '1.0',
      ce_id: meta.id,
      ce_type: 'shop.PaymentAuthorized.v1',
      ce_source: 'payment-service',
      ce_time: meta.time,
      'content-type': 'application/json',
      'x-correlation-id': meta.correlationId,
      'x-causation-id': meta.causationId,
    });
  });

  it('carries the correlation only in traceparent for W3C-style services', () => {
    const headers = eventHeaders(meta, 'traceparent');
    expect(headers['x-correlation-id']).toBeUndefined();
    expect(headers.traceparent).toBe(`00-${meta.correlationId}-9b2e6f1c7a4d4e2b-01`);
    expect(headers['x-causation-id']).toBe(meta.causationId);
  });

  it('omits the causation id on the first event of a journey', () => {
    expect(eventHeaders({ ...meta, causationId: null }, 'x-correlation-id')).not.toHaveProperty('x-causation-id');
  });

  it('reads back what it wrote, in both styles, from Buffers as kafkajs delivers them', () => {
    for (const style of ['x-correlation-id', 'traceparent'] as const) {
      const asBuffers = Object.fromEntries(Object.entries(eventHeaders(meta, style)).map(([k, v]) => [k, Buffer.from(v)]));
      expect(readEventMeta(asBuffers)).toEqual({ ok: true, meta });
    }
  });

  it('reports missing ids instead of throwing', () => {
    expect(readEventMeta(undefined)).toEqual({ ok: false, error: 'missing ce_id header' });
    expect(readEventMeta({ ce_id: 'x' })).toMatchObject({ ok: false, error: expect.stringMatching(/correlation/) });
    expect(readEventMeta({ ce_id: 'x', traceparent: 'nonsense' })).toMatchObject({ ok: false });
  });

  it('takes the last value of a repeated header', () => {
    expect(headerString({ a: [Buffer.from('1'), Buffer.from('2')] }, 'a')).toBe('2');
    expect(headerString({ a: 'plain' }, 'a')).toBe('plain');
    expect(headerString({}, 'a')).toBeUndefined();
  });

  it('prefers x-correlation-id over traceparent', () => {
    const other = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
    expect(correlationIdOf({ 'x-correlation-id': other, traceparent: `00-${meta.correlationId}-9b2e6f1c7a4d4e2b-01` })).toBe(other);
  });
});

describe('ids', () => {
  it('derives the same UUID from the same inputs, and different ones otherwise', () => {
    const a = derivedEventId('payment-service', meta.id, '0');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(derivedEventId('payment-service', meta.id, '0')).toBe(a);
    expect(derivedEventId('payment-service', meta.id, '1')).not.toBe(a);
    expect(derivedEventId('inventory-service', meta.id, '0')).not.toBe(a);
  });

  it('makes correlation ids that are valid W3C trace ids', () => {
    expect(newCorrelationId()).toMatch(/^[0-9a-f]{32}$/);
    expect(newCorrelationId()).not.toBe(newCorrelationId());
  });
});

describe('eventRecord', () => {
  it('keys by order id, encodes the event and types it with its version', () => {
    const record = eventRecord(
      { type: 'PaymentDeclined', version: 1, orderId: 'o-1', reason: 'card declined' },
      { id: meta.id, source: 'payment-service', time: meta.time, correlationId: meta.correlationId, causationId: null },
      'x-correlation-id',
    );
    expect(record.key).toBe('o-1');
    expect(record.headers.ce_type).toBe('shop.PaymentDeclined.v1');
    expect(decodeEvent(record.value as Buffer)).toEqual({
      ok: true,
      event: { type: 'PaymentDeclined', version: 1, orderId: 'o-1', reason: 'card declined' },
    });
  });
});
