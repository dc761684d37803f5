import { describe, expect, it } from 'vitest';
import type { ClusterOverview, ClusterSnapshot, TopicSummary } from '@/lib/cluster-types';
import { applyTopicsDiff, withConnection, withOverview, withTopicsDiff } from './cluster-cache';

function topic(name: string, messages = 0): TopicSummary {
  return {
    name,
    internal: name.startsWith('__'),
    partitions: 3,
    replicationFactor: 1,
    messages,
    messagesPerSecond: null,
    underReplicatedPartitions: 0,
    offlinePartitions: 0,
  };
}

function overview(observedAt: number): ClusterOverview {
  return {
    clusterName: '127.0.0.1:9092',
    clusterId: 'c1',
    controllerId: 1,
    brokers: [],
    topicCount: 0,
    internalTopicCount: 0,
    partitionCount: 0,
    underReplicatedPartitions: 0,
    offlinePartitions: 0,
    observedAt,
  };
}

const snapshot: ClusterSnapshot = {
  connection: { status: 'connected', brokers: ['127.0.0.1:9092'], since: 1 },
  overview: overview(100),
  topics: [topic('orders', 10), topic('payments', 5)],
};

describe('applyTopicsDiff', () => {
  it('replaces in place and appends new topics', () => {
    const next = applyTopicsDiff(snapshot.topics, {
      upserted: [topic('shipping', 1), topic('orders', 11)],
      removed: [],
      observedAt: 2,
    });
    expect(next.map((t) => [t.name, t.messages])).toEqual([
      ['orders', 11],
      ['payments', 5],
      ['shipping', 1],
    ]);
  });

  it('removes topics', () => {
    const next = applyTopicsDiff(snapshot.topics, { upserted: [], removed: ['orders', 'nope'], observedAt: 2 });
    expect(next.map((t) => t.name)).toEqual(['payments']);
  });

  it('keeps a topic that was deleted and re-created in the same diff', () => {
    const next = applyTopicsDiff(snapshot.topics, {
      upserted: [topic('orders', 0)],
      removed: ['orders'],
      observedAt: 2,
    });
    expect(next.map((t) => [t.name, t.messages])).toEqual([
      ['orders', 0],
      ['payments', 5],
    ]);
  });

  it('returns the same array for an empty diff', () => {
    expect(applyTopicsDiff(snapshot.topics, { upserted: [], removed: [], observedAt: 2 })).toBe(snapshot.topics);
  });

  it('does not mutate its input', () => {
    const before = structuredClone(snapshot.topics);
    applyTopicsDiff(snapshot.topics, { upserted: [topic('orders', 99)], removed: ['payments'], observedAt: 2 });
    expect(snapshot.topics).toEqual(before);
  });
});

describe('snapshot updaters', () => {
  it('leave an empty cache empty', () => {
    expect(withTopicsDiff(undefined, { upserted: [topic('a')], removed: [], observedAt: 1 })).toBeUndefined();
    expect(withOverview(undefined, overview(1))).toBeUndefined();
    expect(withConnection(undefined, snapshot.connection)).toBeUndefined();
  });

  it('ignore an overview older than the cached one', () => {
    expect(withOverview(snapshot, overview(50))).toBe(snapshot);
    expect(withOverview(snapshot, overview(150))?.overview?.observedAt).toBe(150);
  });

  it('replace the connection state', () => {
    const next = withConnection(snapshot, {
      status: 'unreachable',
      brokers: ['127.0.0.1:9092'],
      since: 5,
      error: 'Connection refused',
      retryInMs: 4000,
    });
    expect(next?.connection.status).toBe('unreachable');
    expect(next?.topics).toBe(snapshot.topics);
  });
});
