import { describe, expect, it } from 'vitest';
import type { RawClusterState, RawPartition } from '../kafka';
import { buildOverview, diffTopics, summarizeTopics, type RateHistory } from './summarize-cluster';

const part = (partition: number, low: number, high: number, extra: Partial<RawPartition> = {}): RawPartition => ({
  partition,
  leader: 1,
  replicas: [1, 2],
  isr: [1, 2],
  offlineReplicas: [],
  low,
  high,
  ...extra,
});

const state = (observedAt: number, topics: RawClusterState['topics']): RawClusterState => ({
  clusterId: 'c1',
  controllerId: 2,
  brokers: [
    { nodeId: 2, host: 'b', port: 9092, rack: null },
    { nodeId: 1, host: 'a', port: 9092, rack: 'r1' },
  ],
  topics,
  observedAt,
});

describe('buildOverview', () => {
  it('counts topics, partitions, under-replicated and offline partitions and marks the controller', () => {
    const o = buildOverview(
      state(1000, [
        { name: 'orders', internal: false, partitions: [part(0, 0, 5), part(1, 0, 5, { isr: [1] }), part(2, 0, 0, { leader: -1, isr: [] })] },
        { name: '__consumer_offsets', internal: true, partitions: [part(0, 0, 1)] },
      ]),
      'shop-prod',
    );
    expect(o).toMatchObject({ clusterName: 'shop-prod', topicCount: 1, internalTopicCount: 1, partitionCount: 4, underReplicatedPartitions: 1, offlinePartitions: 1 });
    expect(o.brokers.map((b) => [b.nodeId, b.isController])).toEqual([
      [1, false],
      [2, true],
    ]);
  });
});

describe('summarizeTopics', () => {
  it('sums high minus low and computes messages/s from watermark deltas', () => {
    const h: RateHistory = new Map();
    const first = summarizeTopics(state(0, [{ name: 't', internal: false, partitions: [part(0, 10, 110), part(1, 0, 50)] }]), h);
    expect(first[0]).toMatchObject({ messages: 150, messagesPerSecond: null, partitions: 2, replicationFactor: 2 });
    const second = summarizeTopics(state(2000, [{ name: 't', internal: false, partitions: [part(0, 10, 150), part(1, 0, 70)] }]), h);
    expect(second[0]!.messagesPerSecond).toBe(30);
  });

  it('restarts the rate when a topic was recreated (watermarks went down)', () => {
    const h: RateHistory = new Map();
    summarizeTopics(state(0, [{ name: 't', internal: false, partitions: [part(0, 0, 1000)] }]), h);
    const again = summarizeTopics(state(2000, [{ name: 't', internal: false, partitions: [part(0, 0, 3)] }]), h);
    expect(again[0]!.messagesPerSecond).toBeNull();
  });

  it('keeps the rate history when a partition had no answer this time', () => {
    const h: RateHistory = new Map();
    summarizeTopics(state(0, [{ name: 't', internal: false, partitions: [part(0, 0, 100), part(1, 0, 100)] }]), h);
    const gap = summarizeTopics(state(1000, [{ name: 't', internal: false, partitions: [part(0, 0, 110), { ...part(1, 0, 0), low: null, high: null }] }]), h);
    expect(gap[0]!.messagesPerSecond).toBeNull();
    const back = summarizeTopics(state(2000, [{ name: 't', internal: false, partitions: [part(0, 0, 120), part(1, 0, 120)] }]), h);
    expect(back[0]!.messagesPerSecond).toBe(20);
  });

  it('forgets deleted topics and keeps the window bounded', () => {
    const h: RateHistory = new Map();
    for (let i = 0; i <= 20; i++) summarizeTopics(state(i * 1000, [{ name: 't', internal: false, partitions: [part(0, 0, i * 10)] }]), h);
    expect(h.get('t')!.length).toBeLessThanOrEqual(12);
    expect(summarizeTopics(state(21000, [{ name: 't', internal: false, partitions: [part(0, 0, 210)] }]), h)[0]!.messagesPerSecond).toBeCloseTo(10);
    summarizeTopics(state(22000, []), h);
    expect(h.size).toBe(0);
  });
});

describe('diffTopics', () => {
  it('lists changed and new topics as upserted and missing ones as removed', () => {
    const base = { internal: false, partitions: 1, replicationFactor: 1, messagesPerSecond: null, underReplicatedPartitions: 0, offlinePartitions: 0 };
    const d = diffTopics(
      [
        { ...base, name: 'a', messages: 1 },
        { ...base, name: 'b', messages: 1 },
        { ...base, name: 'c', messages: 1 },
      ],
      [
        { ...base, name: 'a', messages: 1 },
        { ...base, name: 'b', messages: 2 },
        { ...base, name: 'd', messages: 0 },
      ],
      5,
    );
    expect(d.upserted.map((t) => t.name)).toEqual(['b', 'd']);
    expect(d.removed).toEqual(['c']);
  });
});
