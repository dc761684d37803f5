import { describe, expect, it } from 'vitest';
import type { BrokerInfo, TopicSummary } from '@/lib/cluster-types';
import { isStale, sortBrokers, summarizeTopics } from './cluster-summary';

function topic(name: string, over: Partial<TopicSummary> = {}): TopicSummary {
  return {
    name,
    internal: name.startsWith('__'),
    partitions: 1,
    replicationFactor: 1,
    messages: 0,
    messagesPerSecond: null,
    underReplicatedPartitions: 0,
    offlinePartitions: 0,
    ...over,
  };
}

describe('summarizeTopics', () => {
  const topics = [
    topic('orders', { messages: 100, messagesPerSecond: 12 }),
    topic('payments', { messages: 50, messagesPerSecond: 3, underReplicatedPartitions: 2 }),
    topic('shipping', { messages: 7, messagesPerSecond: null, offlinePartitions: 1 }),
    topic('__consumer_offsets', { messages: 1000, messagesPerSecond: 99, underReplicatedPartitions: 1 }),
  ];

  it('adds up user topics only', () => {
    const s = summarizeTopics(topics);
    expect(s.messages).toBe(157);
    expect(s.messagesPerSecond).toBe(15);
  });

  it('has no rate until some topic has one', () => {
    expect(summarizeTopics([topic('a', { messages: 1 })]).messagesPerSecond).toBeNull();
  });

  it('lists unhealthy topics worst first, internal ones included', () => {
    expect(summarizeTopics(topics).unhealthy.map((t) => t.name)).toEqual(['shipping', 'payments', '__consumer_offsets']);
  });

  it('lists the busiest user topics', () => {
    expect(summarizeTopics(topics, 1).busiest.map((t) => t.name)).toEqual(['orders']);
  });
});

describe('sortBrokers', () => {
  const b = (nodeId: number, isController = false): BrokerInfo => ({
    nodeId,
    host: 'h',
    port: 9092,
    rack: null,
    isController,
  });
  it('puts the controller first', () => {
    expect(sortBrokers([b(3), b(1), b(2, true)]).map((x) => x.nodeId)).toEqual([2, 1, 3]);
  });
});

describe('isStale', () => {
  it('flags data older than 30 s', () => {
    expect(isStale(0, 30_000)).toBe(false);
    expect(isStale(0, 30_001)).toBe(true);
  });
});
