import { EventEmitter } from 'node:events';
import type {
  GroupDetail,
  GroupLagEvent,
  GroupState,
  GroupSummary,
  LagCycleEvent,
  LagSnapshot,
  LagStatus,
  PartitionLag,
  StatusChange,
  TimeLagMethod,
  TopicConsumer,
} from '../../lib/lag-types';
import type { KafkaService, RawClusterState, RawGroup, RecordPeekRequest } from '../kafka';
import type { Logger } from '../log/logger';
import { backoffDelay, createPollLoop } from '../polling/poll-loop';
import { evaluateGroup, evaluatePartition, fmt, type LagSample } from './evaluate-status';

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
  /** Called after each cycle with its results, e.g. to persist history. */
  onCycle?: (cycle: CycleResult) => Promise<void>;
  now?: () => number;
}

export interface CycleResult {
  at: number;
  groups: GroupDetail[];
  statusChanges: { groupId: string; change: StatusChange }[];
}

interface PartitionState {
  window: LagSample[];
  lastOffset: number | null;
  lastCommitAt: number;
  /** True until the committed offset has been seen to move. */
  watchStart: boolean;
}

/** Timestamps of records are immutable: cache them per (topic, partition, offset). */
const TIME_CACHE_MAX = 200_000;

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
  const partitions = new Map<string, PartitionState>();
  const timeCache = new Map<string, { ts: number; exact: boolean }>();
  const groupStatus = new Map<string, { status: LagStatus; since: number }>();
  let details = new Map<string, GroupDetail>();
  let snapshot: LagSnapshot = { observedAt: null, cycleMs: null, error: null, groups: [] };
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
      snapshot = { observedAt: at, cycleMs, error: null, groups: result.groups.map(toSummary) };
      failures = 0;
      const removed = [...prev.keys()].filter((id) => !details.has(id));
      for (const id of removed) groupStatus.delete(id);
      events.emit('cycle', { observedAt: at, cycleMs, groups: snapshot.groups, removed });
      if (events.listenerCount('group') > 0) {
        for (const g of result.groups) {
          events.emit('group', {
            group: g,
            point: { at, totalLag: g.totalLag, maxLagSeconds: g.maxLagSeconds, status: g.status },
            partitions: g.partitions.map((p) => ({ at, topic: p.topic, partition: p.partition, lag: p.lag })),
            statusChange: result.statusChanges.find((c) => c.groupId === g.groupId)?.change ?? null,
          });
        }
      }
      await opts.onCycle?.(result).catch((err) => log.warn('saving lag history failed', { error: (err as Error).message }));
    } catch (err) {
      failures += 1;
      snapshot = { ...snapshot, error: (err as Error).message, cycleMs: Math.round(performance.now() - started) };
      if (failures === 1) log.warn('lag poll failed', { error: (err as Error).message });
    }
  }

  async function evaluate(groups: RawGroup[], cluster: RawClusterState, at: number): Promise<CycleResult> {
    const topics = new Map(cluster.topics.map((t) => [t.name, new Map(t.partitions.map((p) => [p.partition, p]))]));
    interface Row {
      group: RawGroup;
      p: PartitionLag;
      readFrom: number | null;
      error: string | null;
    }
    const rows: Row[] = [];
    for (const g of groups) {
      const owners = new Map<string, PartitionLag['owner']>();
      for (const m of g.members) {
        for (const a of m.assignments) owners.set(`${a.topic}\u0000${a.partition}`, { memberId: m.memberId, clientId: m.clientId, host: m.host });
      }
      const keys = new Set<string>([...owners.keys()]);
      for (const [topic, ps] of g.committed) for (const partition of ps.keys()) keys.add(`${topic}\u0000${partition}`);
      for (const key of keys) {
        const [topic, ps] = key.split('\u0000') as [string, string];
        const partition = Number(ps);
        const committed = g.committed.get(topic)?.get(partition) ?? null;
        const meta = topics.get(topic)?.get(partition);
        let error: string | null = null;
        if (!topics.has(topic)) error = `topic ${topic} no longer exists`;
        else if (!meta) error = `partition ${partition} no longer exists`;
        else if (meta.high === null) error = 'the partition has no leader: log end offset unknown';
        const logStart = meta?.low ?? null;
        const logEnd = meta?.high ?? null;
        let lag: number | null = null;
        let readFrom: number | null = null;
        let note: string | null = null;
        if (committed !== null && logEnd !== null) {
          readFrom = Math.max(committed, logStart ?? 0);
          lag = Math.max(0, logEnd - readFrom);
          if (logStart !== null && committed < logStart) {
            note = `committed offset ${fmt(committed)} is below the log start ${fmt(logStart)} (deleted by retention): lag counts from the log start`;
          }
        }
        rows.push({
          group: g,
          readFrom,
          error,
          p: {
            topic,
            partition,
            committed,
            logStart,
            logEnd,
            lag,
            lagSeconds: committed === null ? null : lag === 0 ? 0 : null,
            timeLagMethod: committed === null ? 'unknown' : lag === 0 ? 'caught-up' : 'unknown',
            note,
            owner: owners.get(key) ?? null,
            lastCommitAt: null,
            status: 'OK',
            reason: '',
          },
        });
      }
    }

    await fillTimeLag(rows, at);

    const byGroup = new Map<string, PartitionLag[]>();
    const seen = new Set<string>();
    for (const r of rows) {
      const key = `${r.group.groupId}\u0000${r.p.topic}\u0000${r.p.partition}`;
      seen.add(key);
      let st = partitions.get(key);
      if (!st) {
        st = { window: [], lastOffset: r.p.committed, lastCommitAt: at, watchStart: true };
        partitions.set(key, st);
      } else if (r.p.committed !== st.lastOffset) {
        st.lastOffset = r.p.committed;
        st.lastCommitAt = at;
        st.watchStart = false;
      }
      st.window.push({ at, committed: r.p.committed, logEnd: r.p.logEnd, lag: r.p.lag });
      if (st.window.length > windowSize) st.window.splice(0, st.window.length - windowSize);
      const ev = evaluatePartition({
        window: st.window,
        windowSize,
        intervalMs,
        now: at,
        lastCommitAt: r.p.committed === null ? null : st.lastCommitAt,
        lastCommitIsWatchStart: st.watchStart,
        owned: r.p.owner !== null,
        error: r.error,
      });
      r.p.status = ev.status;
      r.p.reason = ev.reason;
      r.p.lastCommitAt = st.watchStart ? null : st.lastCommitAt;
      const list = byGroup.get(r.group.groupId) ?? [];
      list.push(r.p);
      byGroup.set(r.group.groupId, list);
    }
    for (const key of partitions.keys()) if (!seen.has(key)) partitions.delete(key);

    const out: GroupDetail[] = [];
    const statusChanges: CycleResult['statusChanges'] = [];
    for (const g of groups) {
      const ps = (byGroup.get(g.groupId) ?? []).sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
      let ev = evaluateGroup(ps, g.state);
      if (g.error) ev = { status: 'ERR', reason: g.error };
      const prev = groupStatus.get(g.groupId);
      if (!prev || prev.status !== ev.status) {
        groupStatus.set(g.groupId, { status: ev.status, since: at });
        statusChanges.push({ groupId: g.groupId, change: { at, from: prev?.status ?? null, to: ev.status, reason: ev.reason } });
      }
      const known = ps.filter((p) => p.lag !== null);
      const secs = ps.filter((p) => p.lagSeconds !== null);
      out.push({
        groupId: g.groupId,
        state: normalizeState(g.state),
        protocolType: g.protocolType,
        members: g.members.map((m) => ({ memberId: m.memberId, clientId: m.clientId, host: m.host })),
        memberDetails: g.members,
        topics: [...new Set(ps.map((p) => p.topic))].sort(),
        partitionCount: ps.length,
        topicLags: [...new Set(ps.map((p) => p.topic))].sort().map((topic) => {
          const tps = ps.filter((p) => p.topic === topic);
          const k = tps.filter((p) => p.lag !== null);
          let status: LagStatus = 'OK';
          for (const p of tps) if (rank(p.status) > rank(status)) status = p.status;
          return { topic, lag: k.length ? k.reduce((s, p) => s + p.lag!, 0) : null, status };
        }),
        totalLag: known.length ? known.reduce((s, p) => s + p.lag!, 0) : null,
        maxLagSeconds: secs.length ? Math.max(...secs.map((p) => p.lagSeconds!)) : null,
        status: ev.status,
        reason: ev.reason,
        statusSince: groupStatus.get(g.groupId)!.since,
        partitions: ps,
      });
    }
    out.sort((a, b) => a.groupId.localeCompare(b.groupId));
    return { at, groups: out, statusChanges };
  }

  /**
   * Lag in seconds: now − timestamp of the first unread record. Records at the read
   * position are peeked in one batch (cached per offset); a position holding only
   * transaction markers (or aborted records) up to the log end counts as caught up.
   */
  async function fillTimeLag(rows: { p: PartitionLag; readFrom: number | null }[], at: number) {
    const need = rows.filter((r) => r.p.lag !== null && r.p.lag > 0 && r.readFrom !== null);
    const requests: RecordPeekRequest[] = [];
    // Many groups read the same partitions: one peek per (topic, partition, offset).
    const asked = new Set<string>();
    for (const r of need) {
      const key = cacheKey(r.p.topic, r.p.partition, r.readFrom!);
      if (timeCache.has(key) || asked.has(key)) continue;
      asked.add(key);
      requests.push({ topic: r.p.topic, partition: r.p.partition, offset: r.readFrom! });
    }
    const peeks = new Map<string, Awaited<ReturnType<typeof kafka.peekRecords>>[number]>();
    if (requests.length) {
      try {
        for (const pk of await kafka.peekRecords(requests)) peeks.set(cacheKey(pk.topic, pk.partition, pk.offset), pk);
      } catch (err) {
        log.debug('record peek failed', { error: (err as Error).message });
      }
    }
    if (timeCache.size > TIME_CACHE_MAX) timeCache.clear();
    for (const r of need) {
      const key = cacheKey(r.p.topic, r.p.partition, r.readFrom!);
      const peek = peeks.get(key);
      // exact: the record at the read position itself (not a later one, the first being compacted away).
      if (peek?.first) timeCache.set(key, { ts: peek.first.timestamp, exact: peek.first.offset === r.readFrom });
      const cached = timeCache.get(key);
      if (cached !== undefined) {
        r.p.lagSeconds = Math.max(0, (at - cached.ts) / 1000);
        const method: TimeLagMethod = cached.exact && r.readFrom === r.p.committed ? 'exact' : 'next-record';
        r.p.timeLagMethod = method;
        if (method === 'next-record' && !r.p.note) r.p.note = 'the record at the committed offset is gone (compaction): measured from the next record that exists';
        else if (method === 'next-record') r.p.note += '; lag in seconds measured from the oldest record left';
        continue;
      }
      if (peek && !peek.error && !peek.first && peek.lastSeenOffset !== null && r.p.logEnd !== null && peek.lastSeenOffset >= r.p.logEnd - 1) {
        r.p.note = `only transaction markers or aborted records between offset ${fmt(r.readFrom!)} and the log end: caught up (raw lag ${fmt(r.p.lag!)})`;
        r.p.lag = 0;
        r.p.lagSeconds = 0;
        r.p.timeLagMethod = 'markers-only';
        continue;
      }
      r.p.timeLagMethod = 'unknown';
      if (peek?.error) r.p.note = `lag in seconds unknown: ${peek.error}`;
    }
  }

  const loop = createPollLoop({ run: cycle, delay: () => backoffDelay(failures, intervalMs) });

  return {
    events,
    snapshot: () => snapshot,
    group: (groupId: string): GroupDetail | null => details.get(groupId) ?? null,
    /** Which groups read a topic and how far behind they are. */
    consumersOf(topic: string): TopicConsumer[] {
      const out: TopicConsumer[] = [];
      for (const g of details.values()) {
        const ps = g.partitions.filter((p) => p.topic === topic);
        if (!ps.length) continue;
        const known = ps.filter((p) => p.lag !== null);
        const secs = ps.filter((p) => p.lagSeconds !== null);
        let status: LagStatus = 'OK';
        for (const p of ps) if (rank(p.status) > rank(status)) status = p.status;
        out.push({
          groupId: g.groupId,
          state: g.state,
          lag: known.length ? known.reduce((s, p) => s + p.lag!, 0) : null,
          maxLagSeconds: secs.length ? Math.max(...secs.map((p) => p.lagSeconds!)) : null,
          status,
        });
      }
      return out;
    },
    details: () => [...details.values()],
    /** Runs one cycle now (and waits for it). */
    refresh: loop.runNow,
    start: loop.start,
    stop: loop.stop,
  };
}

const RANK: Record<LagStatus, number> = { OK: 0, WARN: 1, REWIND: 2, STALL: 3, STOP: 4, ERR: 5 };
const rank = (s: LagStatus) => RANK[s];

function cacheKey(topic: string, partition: number, offset: number) {
  return `${topic}\u0000${partition}\u0000${offset}`;
}

function normalizeState(s: string): GroupState {
  const known: GroupState[] = ['Stable', 'Empty', 'PreparingRebalance', 'CompletingRebalance', 'Dead'];
  return (known as string[]).includes(s) ? (s as GroupState) : 'Unknown';
}

function toSummary(g: GroupDetail): GroupSummary {
  const { memberDetails: _m, partitions: _p, ...summary } = g;
  return summary;
}

export type LagMonitor = ReturnType<typeof createLagMonitor>;
