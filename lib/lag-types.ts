// Consumer lag: what the server sends to the browser (and to /metrics). The server
// builds these in server/lag; components/lag renders them.

/** Worst first, so `LAG_STATUS_RANK` orders a group by its worst partition. */
export const LAG_STATUSES = ['ERR', 'STOP', 'STALL', 'REWIND', 'WARN', 'OK'] as const;
export type LagStatus = (typeof LAG_STATUSES)[number];

/** Higher is worse. OK 0 … ERR 5. */
export const LAG_STATUS_RANK: Record<LagStatus, number> = { OK: 0, WARN: 1, REWIND: 2, STALL: 3, STOP: 4, ERR: 5 };

export function worstStatus(statuses: Iterable<LagStatus>): LagStatus {
  let worst: LagStatus = 'OK';
  for (const s of statuses) if (LAG_STATUS_RANK[s] > LAG_STATUS_RANK[worst]) worst = s;
  return worst;
}

/** How the lag in seconds was found. */
export type TimeLagMethod =
  /** now − timestamp of the record at the committed offset. */
  | 'exact'
  /** The record at the committed offset is gone (retention or compaction): the next record that exists was used. */
  | 'next-record'
  /** Nothing readable at or after the committed offset (only transaction markers or aborted records): caught up. */
  | 'markers-only'
  | 'caught-up'
  /** No committed offset, or the record could not be read. */
  | 'unknown';

export interface PartitionLag {
  topic: string;
  partition: number;
  /** null: the group never committed an offset for this partition (lag unknown, not 0). */
  committed: number | null;
  logStart: number | null;
  logEnd: number | null;
  /** Messages still to read: HWM − max(committed, log start); 0 when only markers remain; null when unknown. */
  lag: number | null;
  /** Seconds since the first unread record was written; 0 when caught up; null when unknown. */
  lagSeconds: number | null;
  timeLagMethod: TimeLagMethod;
  /** Words for the UI when the figures are estimates (retention, compaction, markers). */
  note: string | null;
  /** Member owning the partition now, if any. */
  owner: { memberId: string; clientId: string; host: string } | null;
  /** When the committed offset was last seen to move (or a commit was seen), ms since epoch. */
  lastCommitAt: number | null;
  status: LagStatus;
  reason: string;
}

export type GroupState = 'Stable' | 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Dead' | 'Unknown';

export interface GroupMember {
  memberId: string;
  clientId: string;
  host: string;
  /** "topic:partition" the member owns. */
  assignments: { topic: string; partition: number }[];
}

export interface GroupSummary {
  groupId: string;
  state: GroupState;
  protocolType: string;
  members: { memberId: string; clientId: string; host: string }[];
  topics: string[];
  partitionCount: number;
  /** Lag per topic the group reads (for the topics page). */
  topicLags: { topic: string; lag: number | null; status: LagStatus }[];
  /** Sum of known partition lags; null when no partition's lag is known. */
  totalLag: number | null;
  maxLagSeconds: number | null;
  status: LagStatus;
  reason: string;
  /** When the group's status last changed. */
  statusSince: number;
  /** Eventline's own group (its collector's, or a commit tracker's): the groups page can hide these. */
  eventline: boolean;
}

export interface GroupDetail extends GroupSummary {
  memberDetails: GroupMember[];
  partitions: PartitionLag[];
}

/**
 * The commit tracker reads __consumer_offsets to tell STALL (committing, not moving) from
 * STOP. `off` when turned off; until `ready` an unmoving offset reads as STOP.
 */
export interface CommitTrackerView {
  state: 'ready' | 'loading' | 'unavailable' | 'off';
  reason: string | null;
}

export interface LagSnapshot {
  /** ms since epoch of the last completed cycle; null before the first one. */
  observedAt: number | null;
  /** Duration of the last cycle, ms. */
  cycleMs: number | null;
  error: string | null;
  commitTracker: CommitTrackerView;
  groups: GroupSummary[];
}

/** One point of a group's history (full resolution or rolled up). */
export interface GroupLagPoint {
  at: number;
  totalLag: number | null;
  maxLagSeconds: number | null;
  status: LagStatus;
}

export interface PartitionLagPoint {
  at: number;
  topic: string;
  partition: number;
  lag: number | null;
}

export interface StatusChange {
  at: number;
  from: LagStatus | null;
  to: LagStatus;
  reason: string;
}

export const LAG_RANGES = ['15m', '1h', '6h', '24h', '7d'] as const;
export type LagRange = (typeof LAG_RANGES)[number];
export const LAG_RANGE_MS: Record<LagRange, number> = {
  '15m': 15 * 60_000,
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '24h': 24 * 3_600_000,
  '7d': 7 * 24 * 3_600_000,
};

export interface GroupHistory {
  groupId: string;
  range: LagRange;
  /** 'raw' samples, or the rollup step in ms. */
  resolution: 'raw' | number;
  points: GroupLagPoint[];
  partitions: PartitionLagPoint[];
  statusChanges: StatusChange[];
}

/** Pushed to room `lag` after each cycle. */
export interface LagCycleEvent {
  observedAt: number;
  cycleMs: number;
  commitTracker: CommitTrackerView;
  groups: GroupSummary[];
  removed: string[];
}

/** Pushed to room `lag:<group>` after each cycle. */
export interface GroupLagEvent {
  group: GroupDetail;
  point: GroupLagPoint;
  partitions: PartitionLagPoint[];
  statusChange: StatusChange | null;
}

/** Which groups read a topic, for the topic view. */
export interface TopicConsumer {
  groupId: string;
  state: GroupState;
  lag: number | null;
  maxLagSeconds: number | null;
  status: LagStatus;
}
