import { describe, expect, it } from 'vitest';
import { groupId, topicNames } from './names';

describe('names', () => {
  it('prefixes topics and groups with the namespace', () => {
    expect(topicNames('t1')).toMatchObject({ orders: 't1.orders', paymentsDlq: 't1.payments.DLQ', orderEvents: 't1.order-events' });
    expect(groupId('t1', 'payment-service')).toBe('t1.payment-service');
  });

  it('uses plain names without a namespace', () => {
    expect(topicNames().paymentsRetry).toBe('payments.retry');
    expect(groupId('', 'order-projection')).toBe('order-projection');
  });

  it('rejects namespaces that would make invalid topic names', () => {
    expect(() => topicNames('a b')).toThrow(/namespace/);
    expect(() => topicNames('a.b')).toThrow(/namespace/);
  });
});
