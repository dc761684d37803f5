import { describe, expect, it } from 'vitest';
import { cloudEventType, decodeEvent } from './events';

const orderV1 = {
  type: 'OrderPlaced',
  version: 1,
  orderId: 'o-1',
  customerId: 'cust-1',
  items: [{ sku: 'MUG-001', quantity: 2, unitPrice: 12.5 }],
  total: 25,
  currency: 'EUR',
  paymentToken: 'tok_1',
};
const json = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('decodeEvent', () => {
  it('accepts both versions of OrderPlaced', () => {
    expect(decodeEvent(json(orderV1))).toEqual({ ok: true, event: orderV1 });
    const v2 = { ...orderV1, version: 2, channel: 'app' };
    expect(decodeEvent(json(v2))).toEqual({ ok: true, event: v2 });
  });

  it('is a tolerant reader: unknown fields are ignored', () => {
    expect(decodeEvent(json({ ...orderV1, giftWrap: true }))).toEqual({ ok: true, event: orderV1 });
  });

  it('turns bad input into an error result, never an exception', () => {
    expect(decodeEvent(Buffer.from('{"type": "OrderPlaced", '))).toMatchObject({ ok: false, error: expect.stringMatching(/^malformed JSON/) });
    expect(decodeEvent(null)).toMatchObject({ ok: false, error: expect.stringMatching(/tombstone/) });
    expect(decodeEvent(json([1, 2]))).toMatchObject({ ok: false });
    expect(decodeEvent(json('text'))).toMatchObject({ ok: false, error: 'event is not a JSON object' });
    expect(decodeEvent(json({ ...orderV1, version: 3 }))).toMatchObject({ ok: false, error: 'unknown event type OrderPlaced v3' });
    expect(decodeEvent(json({ ...orderV1, version: 2 }))).toMatchObject({ ok: false, error: expect.stringMatching(/channel/) });
    expect(decodeEvent(json({ ...orderV1, items: [] }))).toMatchObject({ ok: false, error: expect.stringMatching(/items/) });
  });

  it('names CloudEvents types with their version', () => {
    expect(cloudEventType({ type: 'OrderPlaced', version: 2 })).toBe('shop.OrderPlaced.v2');
  });
});
