import { describe, expect, it } from 'vitest';
import { createTopicSchema, defaultReplicationFactor, fieldErrors } from './create-topic-schema';

describe('createTopicSchema', () => {
  const schema = createTopicSchema(3);

  it('accepts a good topic and coerces form strings to numbers', () => {
    expect(schema.parse({ name: ' orders.v2 ', partitions: '6', replicationFactor: '3' })).toEqual({
      name: 'orders.v2',
      partitions: 6,
      replicationFactor: 3,
    });
  });

  it('refuses what Kafka refuses', () => {
    for (const name of ['', '.', '..', 'has space', 'é', 'x'.repeat(250)]) {
      expect(schema.safeParse({ name, partitions: 1, replicationFactor: 1 }).success).toBe(false);
    }
  });

  it('caps replication at the broker count', () => {
    const r = schema.safeParse({ name: 'a', partitions: 1, replicationFactor: 4 });
    expect(r.success).toBe(false);
    if (!r.success) expect(fieldErrors(r.error).replicationFactor).toMatch(/3 brokers/);
  });

  it('passes topic configs through (the API takes them; the form sends none)', () => {
    expect(schema.parse({ name: 'a', partitions: 1, replicationFactor: 1, configs: { 'cleanup.policy': 'compact' } }).configs).toEqual({
      'cleanup.policy': 'compact',
    });
  });

  it('does not cap replication when the broker count is unknown', () => {
    expect(createTopicSchema(null).safeParse({ name: 'a', partitions: 1, replicationFactor: 5 }).success).toBe(true);
  });

  it('reports one message per field', () => {
    const r = schema.safeParse({ name: '', partitions: '0', replicationFactor: '1.5' });
    expect(r.success).toBe(false);
    if (!r.success) expect(Object.keys(fieldErrors(r.error)).sort()).toEqual(['name', 'partitions', 'replicationFactor']);
  });
});

describe('defaultReplicationFactor', () => {
  it('is 3 where possible', () => {
    expect(defaultReplicationFactor(5)).toBe(3);
    expect(defaultReplicationFactor(1)).toBe(1);
    expect(defaultReplicationFactor(null)).toBe(1);
  });
});
