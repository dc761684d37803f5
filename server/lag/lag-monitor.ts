import { EventEmitter } from 'node:events';
import type { CommitTrackerView, GroupDetail, GroupLagEvent, LagCycleEvent, LagSnapshot, LagStatus, PartitionLag, StatusChange } from '../../lib/lag-types';
import type { KafkaService, RawClusterState, RawGroup } from '../kafka';
import type { Logger } from '../log/logger';
import { backoffDelay, createPollLoop } from '../polling/poll-loop';
import type { CommitSource } from './commit-tracker';
import { evaluateGroup } from './evaluate-status';
import { buildGroupDetail, toSummary, topicConsumers } from './group-detail';
import { ownGroupTest } from './own-groups';
import { buildPartitionRows } from './partition-rows';
import { createPartitionWindows } from './partition-windows';
import { createTimeLagReader } from './time-lag-reader';

export interface LagMonitorEvents {
  cycle: [LagCycleEvent];
  group: [GroupLagEvent];
}

export interface LagMonitorOptions {
  kafka: Pick<KafkaService, 'readGroups' | 'readCluster' | 'peekRecords'>;
  log: Logger;
  /** Poll interval (default 5 s). */
  intervalMs?: number;
  /** Samples in the status window (default 10). */
  windowSize?: number;
  /** Commit events from __consumer_offsets (commit-tracker.ts); without it STALL cannot be told from STOP. */
  commits?: CommitSource | null;
  /** The collectors' consumer group, marked as Eventline's own with the commit trackers' groups. */
  collectorGroupId?: string | null;
  /** Called after each cycle with its results, e.g. to persist history. */
  onCycle?: (cycle: CycleResult) => Promise<void>;
  now?: () => number;
}

export interface CycleResult {
  at: number;
  groups: GroupDetail[];
  statusChanges: { groupId: string; change: StatusChange }[];
}

/**
 * Polls every consumer group in one cycle (batched admin calls, see group-reader.ts),
 * computes lag in messages and seconds, evaluates a status per partition and group over
 * a sliding window of samples, keeps the latest snapshot and emits each cycle.
 */
export function createLagMonitor(opts: LagMonitorOptions) {
  const { kafka, log } = opts;
  const intervalMs = opts.intervalMs ?? 5000;
  const windowSize = opts.windowSize ?? 10;
  const now = opts.now ?? Date.now;
  const events = new EventEmitter<LagMonitorEvents>();
  const windows = createPartitionWindows({ windowSize, intervalMs, commits: opts.commits ?? null });
  const timeLag = createTimeLagReader({ kafka, log });
  const isOwnGroup = ownGroupTest(opts.collectorGroupId ?? null);
  const groupStatus = new Map<string, { status: LagStatus; since: number }>();
  let details = new Map<string, GroupDetail>();
  const commitTracker = (): CommitTrackerView => {
    if (!opts.commits) return { state: 'off', reason: 'turned off (EVENTLINE_COMMIT_TRACKER=false)' };
    const s = opts.commits.status();
    return { state: s.state, reason: s.reason };
  };
  let snapshot: LagSnapshot = { observedAt: null, cycleMs: null, error: null, commitTracker: commitTracker(), groups: [] };
  let failures = 0;

  async function cycle(): Promise<void> {
    const started = performance.now();
    try {
      // Committed offsets first, then watermarks: a commit can then never look ahead of the log end.
      const groups = await kafka.readGroups();
      const cluster = await kafka.readCluster();
      const at = now();
      const result = await evaluate(groups, cluster, at);
      const cycleMs = Math.round(performance.now() - started);
      const prev = details;
      details = new Map(result.groups.map((g) => [g.groupId, g]));
      snapshot = { observedAt: at, cycleMs, error: null, commitTracker: commitTracker(), groups: result.groups.map(toSummary) };
      failures = 0;
      const removed = [...prev.keys()].filter((id) => !details.has(id));
      for (const id of removed) groupStatus.delete(id);
      events.emit('cycle', { observedAt: at, cycleMs, commitTracker: snapshot.commitTracker, groups: snapshot.groups, removed });
      emitGroups(result);
      await opts.onCycle?.(result).catch((err) => log.warn('saving lag history failed', { error: (err as Error).message }));
    } catch (err) {
      failures += 1;
      snapshot = { ...snapshot, error: (err as Error).message, commitTracker: commitTracker(), cycleMs: Math.round(performance.now() - started) };
      if (failures === 1) log.warn('lag poll failed', { error: (err as Error).message });
    }
  }

  function emitGroups(result: CycleResult) {
    if (events.listenerCount('group') === 0) return;
    const { at } = result;
    for (const g of result.groups) {
      events.emit('group', {
        group: g,
        point: { at, totalLag: g.totalLag, maxLagSeconds: g.maxLagSeconds, status: g.status },
        partitions: g.partitions.map((p) => ({ at, topic: p.topic, partition: p.partition, lag: p.lag })),
        statusChange: result.statusChanges.find((c) => c.groupId === g.groupId)?.change ?? null,
      });
    }
  }

  async function evaluate(groups: RawGroup[], cluster: RawClusterState, at: number): Promise<CycleResult> {
    const rows = buildPartitionRows(groups, cluster);
    await timeLag.fill(rows, at);
    windows.evaluate(rows, at);
    const byGroup = new Map<string, PartitionLag[]>();
    for (const r of rows) {
      const list = byGroup.get(r.groupId);
      if (list) list.push(r.p);
      else byGroup.set(r.groupId, [r.p]);
    }

    const out: GroupDetail[] = [];
    const statusChanges: CycleResult['statusChanges'] = [];
    for (const g of groups) {
      // Sorted first: the group's reason names its first worst partition.
      const ps = (byGroup.get(g.groupId) ?? []).sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
      const ev = g.error ? { status: 'ERR' as const, reason: g.error } : evaluateGroup(ps, g.state);
      const prev = groupStatus.get(g.groupId);
      if (!prev || prev.status !== ev.status) {
        groupStatus.set(g.groupId, { status: ev.status, since: at });
        statusChanges.push({ groupId: g.groupId, change: { at, from: prev?.status ?? null, to: ev.status, reason: ev.reason } });
      }
      out.push(buildGroupDetail(g, ps, ev, groupStatus.get(g.groupId)!.since, isOwnGroup(g.groupId)));
    }
    out.sort((a, b) => a.groupId.localeCompare(b.groupId));
    return { at, groups: out, statusChanges };
  }

  const loop = createPollLoop({ run: cycle, delay: () => backoffDelay(failures, intervalMs) });

  return {
    events,
    snapshot: () => snapshot,
    group: (groupId: string): GroupDetail | null => details.get(groupId) ?? null,
    /** Which groups read a topic and how far behind they are. */
    consumersOf: (topic: string) => topicConsumers(details.values(), topic),
    details: () => [...details.values()],
    /** Runs one cycle now (and waits for it). */
    refresh: loop.runNow,
    /**
     * Takes the state of the process that polls (several processes on Redis, see
     * server/realtime/redis-fanout.ts). Emits nothing: that process already pushed it.
     */
    adopt(next: LagSnapshot, nextDetails: GroupDetail[]) {
      snapshot = next;
      details = new Map(nextDetails.map((g) => [g.groupId, g]));
    },
    start: loop.start,
    stop: loop.stop,
  };
}

export type LagMonitor = ReturnType<typeof createLagMonitor>;
