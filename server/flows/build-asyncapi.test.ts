import { Parser } from '@asyncapi/parser';
import { describe, expect, it } from 'vitest';
import { buildFlowGraph } from '../../lib/flow-graph';
import { buildAsyncApi } from './build-asyncapi';

const graph = buildFlowGraph({
  window: '24h',
  from: Date.parse('2026-11-29T00:00:00Z'),
  to: Date.parse('2026-11-30T00:00:00Z'),
  rollups: [
    { source: 'order-service', topic: 'orders', causedBy: '', eventType: 'OrderPlaced', events: 10, errors: 0 },
    { source: 'order-service', topic: 'orders', causedBy: '', eventType: 'OrderCancelled', events: 2, errors: 0 },
    { source: 'payment-service', topic: 'payments.DLQ', causedBy: 'order-service', eventType: 'com.shop/PaymentFailed v2', events: 1, errors: 1 },
    { source: '', topic: 'legacy', causedBy: '', eventType: '', events: 5, errors: 0 },
  ],
  topics: [{ name: '__consumer_offsets', internal: true, messagesPerSecond: null }],
  groups: [
    { groupId: 'payment-service', status: 'OK', topics: [{ topic: 'orders', lag: 0, lagSeconds: 0, consumeRate: 1, status: 'OK' }] },
    { groupId: 'audit', status: 'OK', topics: [{ topic: 'payments.DLQ', lag: 0, lagSeconds: 0, consumeRate: 1, status: 'OK' }] },
    { groupId: 'eventline-commit-tracker-x', status: 'OK', own: true, topics: [{ topic: '__consumer_offsets', lag: 0, lagSeconds: 0, consumeRate: 1, status: 'OK' }] },
  ],
});

describe('buildAsyncApi', () => {
  it('writes a valid AsyncAPI 3.0 document: a channel per topic, send and receive operations per service with the types seen', async () => {
    const doc = buildAsyncApi(graph, { cluster: 'default', version: '2026-11-30' });
    const diagnostics = await new Parser().validate(doc as never);
    expect(diagnostics.filter((d) => d.severity === 0).map((d) => `${d.path.join('.')}: ${d.message}`)).toEqual([]);

    expect(Object.values(doc.channels).map((c) => c.address).sort()).toEqual(['legacy', 'orders', 'payments.DLQ']);
    expect(doc.channels.orders!.messages).toEqual({ OrderCancelled: { name: 'OrderCancelled', title: 'OrderCancelled' }, OrderPlaced: { name: 'OrderPlaced', title: 'OrderPlaced' } });
    // Names that are not valid keys are kept as names, under a key that is.
    expect(doc.channels['payments_DLQ']!.messages['com_shop_PaymentFailed_v2']!.name).toBe('com.shop/PaymentFailed v2');
    expect(Object.values(doc.operations).map((o) => `${o.title} [${o.messages.map((m) => m.$ref.split('/').pop()).join(',')}]`).sort()).toEqual([
      'audit receives from payments.DLQ [com_shop_PaymentFailed_v2]',
      'order-service sends to orders [OrderCancelled,OrderPlaced]',
      'payment-service receives from orders [OrderCancelled,OrderPlaced]',
      'payment-service sends to payments.DLQ [com_shop_PaymentFailed_v2]',
    ]);
  }, 30_000); // the parser loads its rulesets on first use: seconds on a busy machine
});
