import { describe, expect, it } from 'vitest';
import { UNKNOWN_CAUSE } from '../../lib/flow-graph';
import { planRollups, type RollupRow } from './write-rollups';

const T = Date.parse('2026-06-01T12:00:30Z');
const row = (topic: string, over: Partial<RollupRow> = {}): RollupRow => ({
  topic, partition: 0, offset: '1', eventId: 'e1', eventType: 'OrderPlaced', source: 'order-service', correlationId: 'c1', causationId: null,
  idSources: {}, deadLetterOf: null, writer: null, problems: [], time: T, ...over,
});
const minuteFlows = (rows: RollupRow[], causeSources = new Map<string, string>()) => {
  const plan = planRollups(rows, { sampleEvery: 16 });
  return { lookups: plan.lookups, flows: plan.finish({ storedBefore: new Set(), causeSources }).flows.filter((f) => f.stepMs === 60_000) };
};

describe('flow rollups of retry and dead-letter copies', () => {
  it('draws a copy from the consumer that wrote it, caused by the source it kept, counting dead letters as errors', () => {
    const dead = { role: 'dead-letter', by: 'payment-service', kind: 'service' } as const;
    const retry = { role: 'retry', by: 'payment-service', kind: 'service' } as const;
    const { flows } = minuteFlows([row('orders'), row('payments.retry', { writer: retry, causationId: 'cart-1' }), row('payments.DLQ', { writer: dead, causationId: 'cart-1' })]);
    expect(flows.map(({ source, topic, causedBy, events, errors }) => ({ source, topic, causedBy, events, errors }))).toEqual([
      { source: 'order-service', topic: 'orders', causedBy: '', events: 1, errors: 0 },
      { source: 'payment-service', topic: 'payments.retry', causedBy: 'order-service', events: 1, errors: 0 },
      { source: 'payment-service', topic: 'payments.DLQ', causedBy: 'order-service', events: 1, errors: 1 },
    ]);
  });
  it('a Spring group writes under its group id; a copy that kept no source has an unknown cause, and needs no lookup', () => {
    const group = { role: 'dead-letter', by: 'payments', kind: 'group' } as const;
    const { flows, lookups } = minuteFlows([row('orders-dlt', { source: null, writer: group, causationId: 'elsewhere' })]);
    expect(flows).toMatchObject([{ source: 'payments', topic: 'orders-dlt', causedBy: UNKNOWN_CAUSE, events: 1 }]);
    expect(lookups.causes).toEqual([]);
  });
});
