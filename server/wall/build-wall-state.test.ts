import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot, TopicSummary } from '../../lib/cluster-types';
import type { GroupDetail, GroupSummary, LagSnapshot } from '../../lib/lag-types';
import { buildWallGroups, buildWallHealth, createConsumeRate, createDeadLetterSeries, SPARK_STEP_MS } from './build-wall-state';

const topic = (name: string, messagesPerSecond: number | null, internal = false): TopicSummary => ({
  name, internal, partitions: 1, replicationFactor: 1, messages: 10, messagesPerSecond, underReplicatedPartitions: 0, offlinePartitions: 0,
});
const snapshot = (at: number, topics: TopicSummary[]): ClusterSnapshot => ({
  connection: { status: 'connected', brokers: ['b:9092'], since: 0 },
  overview: { clusterId: 'c', clusterName: 'test', controllerId: 1, brokers: [{ nodeId: 1, host: 'b', port: 9092, rack: null, isController: true }], topicCount: topics.length, internalTopicCount: 0, partitionCount: 3, underReplicatedPartitions: 1, offlinePartitions: 0, observedAt: at },
  topics,
});
const group = (groupId: string, status: GroupSummary['status'], maxLagSeconds: number | null): GroupSummary => ({
  groupId, state: 'Stable', protocolType: 'consumer', members: [], topics: [], partitionCount: 1, topicLags: [], totalLag: 5, maxLagSeconds, status, reason: '', statusSince: 0, eventline: false,
});

describe('wall state', () => {
  it('sums records in per second over user topics only', () => {
    const h = buildWallHealth(snapshot(1000, [topic('a', 2.5), topic('b', 1), topic('__consumer_offsets', 99, true)]), null, 3);
    expect(h).toMatchObject({ clusterName: 'test', messagesInPerSecond: 3.5, messagesOutPerSecond: 3, brokers: 1, underReplicatedPartitions: 1, collector: { state: 'off' } });
    expect(buildWallHealth(snapshot(1000, [topic('a', null)]), null, null).messagesInPerSecond).toBeNull();
  });

  it('orders groups worst first, then by seconds behind', () => {
    const lag: LagSnapshot = { observedAt: 1, cycleMs: 1, error: null, commitTracker: { state: 'off', reason: null }, groups: [group('ok', 'OK', 900), group('slow', 'WARN', 30), group('stopped', 'STOP', 5), group('stalled', 'STALL', 60), group('err', 'ERR', null)] };
    expect(buildWallGroups(lag).groups.map((g) => g.groupId)).toEqual(['err', 'stopped', 'stalled', 'slow', 'ok']);
  });

  it("leaves out Eventline's own groups (collector, commit trackers): the wall is about the team's services", () => {
    const own = { ...group('eventline-collector', 'STOP', 99), eventline: true };
    const lag: LagSnapshot = { observedAt: 1, cycleMs: 1, error: null, commitTracker: { state: 'off', reason: null }, groups: [own, group('orders', 'OK', 1)] };
    expect(buildWallGroups(lag).groups.map((g) => g.groupId)).toEqual(['orders']);
  });

  it('counts consumption from committed offsets that moved forward, ignoring new partitions and rewinds', () => {
    const rate = createConsumeRate();
    const detail = (offsets: Record<string, number>) =>
      [{ groupId: 'g', partitions: Object.entries(offsets).map(([k, committed]) => ({ topic: 't', partition: Number(k), committed })) }] as unknown as GroupDetail[];
    expect(rate(detail({ 0: 100, 1: 50 }), 0)).toBeNull();
    expect(rate(detail({ 0: 120, 1: 40, 2: 999 }), 2000)).toBe(10);
  });

  it('keeps a sparkline per dead-letter topic, one point per step holding the step\'s peak', () => {
    const series = createDeadLetterSeries((t) => t.endsWith('.dlq'));
    series(snapshot(0, [topic('orders.dlq', 1), topic('orders', 50)]));
    series(snapshot(1000, [topic('orders.dlq', 3)]));
    const out = series(snapshot(SPARK_STEP_MS + 1, [topic('orders.dlq', 0.5)]));
    expect(out.topics.map((t) => t.topic)).toEqual(['orders.dlq']);
    expect(out.topics[0]!.perMinute).toBe(30);
    expect(out.topics[0]!.spark.map((p) => p.perMinute)).toEqual([180, 30]);
  });
});
