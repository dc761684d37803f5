import { describe, expect, it } from 'vitest';
import type { PartitionLag } from '@/lib/lag-types';
import { initialResetForm, partitionKey, resetRequestOf } from './offset-reset-form';

const p = (topic: string, partition: number) => ({ topic, partition }) as PartitionLag;
const partitions = [p('orders', 0), p('orders', 1), p('payments', 0)];

describe('resetRequestOf', () => {
  it('sends earliest/latest for all topics or one', () => {
    expect(resetRequestOf(initialResetForm, partitions)).toEqual({ request: { topic: undefined, to: 'latest' } });
    expect(resetRequestOf({ ...initialResetForm, topic: 'orders', to: 'earliest' }, partitions)).toEqual({ request: { topic: 'orders', to: 'earliest' } });
  });

  it('turns the datetime input into ms since epoch, and asks for one when empty', () => {
    const form = { ...initialResetForm, to: 'timestamp' as const, datetime: '2026-11-29T08:30' };
    expect(resetRequestOf(form, partitions)).toEqual({ request: { topic: undefined, to: 'timestamp', timestamp: new Date('2026-11-29T08:30').getTime() } });
    expect(resetRequestOf({ ...form, datetime: '' }, partitions)).toEqual({ error: 'Pick a date and time.' });
  });

  it('moves one partition to a specific offset, and refuses a partition or offset that is not there', () => {
    const form = { ...initialResetForm, to: 'offset' as const, partitionKey: partitionKey(p('orders', 1)), offset: '42' };
    expect(resetRequestOf(form, partitions)).toEqual({ request: { topic: 'orders', partition: 1, to: 'offset', offset: 42 } });
    expect(resetRequestOf({ ...form, partitionKey: '' }, partitions)).toEqual({ error: 'Pick the partition to move.' });
    expect(resetRequestOf({ ...form, offset: '-1' }, partitions)).toEqual({ error: 'The offset is a whole number, 0 or more.' });
    expect(resetRequestOf({ ...form, offset: '1.5' }, partitions)).toEqual({ error: 'The offset is a whole number, 0 or more.' });
    expect(resetRequestOf({ ...form, offset: ' ' }, partitions)).toEqual({ error: 'The offset is a whole number, 0 or more.' });
  });
});
