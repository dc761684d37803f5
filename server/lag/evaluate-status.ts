import { LAG_STATUS_RANK, type LagStatus } from '../../lib/lag-types';

/** One poll of one partition. Samples are taken on a fixed interval, not on commits. */
export interface LagSample {
  at: number;
  committed: number | null;
  logEnd: number | null;
  lag: number | null;
}

export interface PartitionEvaluationInput {
  /** Oldest first; the last one is the current poll. */
  window: LagSample[];
  windowSize: number;
  intervalMs: number;
  now: number;
  /**
   * When the group last committed: the coordinator's commit time when the commit tracker
   * knows it, else when the committed offset was last seen to move, or when watching began.
   */
  lastCommitAt: number | null;
  /** True when the commit time is only "when we started watching", not an observed commit. */
  lastCommitIsWatchStart: boolean;
  /**
   * Commit times the commit tracker read from __consumer_offsets (recent ones, any order);
   * null when commits are not tracked: then only offset moves are seen, and STALL cannot be told from STOP.
   */
  commitTimes: number[] | null;
  /** Why commits are not tracked, for the reason text (null when they are). */
  untrackedReason: string | null;
  /** A member owns the partition right now. */
  owned: boolean;
  error: string | null;
}

export interface Evaluation {
  status: LagStatus;
  reason: string;
}

/**
 * Burrow's evaluator, adapted to fixed-interval samples:
 * ERR → unknown offset → caught up (OK) → REWIND → STOP → incomplete window (OK) →
 * caught up at some point in the window (OK) → STALL → WARN → OK. Differences from Burrow, and why:
 * - The window is filled by our own polls, so it keeps moving when the group stops
 *   committing (Burrow's window only moves on commits: a stopped group froze, #287).
 * - "Caught up" uses the effective lag, where a tail of transaction markers counts as 0
 *   (Burrow shows lag 1 forever after a transaction marker).
 * - An idle partition with lag 0 is OK however old its last commit (Burrow #38/#128/#140),
 *   and stays OK while a message that just arrived waits: STOP needs the wait to have
 *   lasted the whole window, not only the age of the last commit.
 * - STOP is decided by the age of the last commit against the span of the window;
 *   STALL needs commits (read from __consumer_offsets by the commit tracker) after the
 *   window's first sample while every sample saw the same offset. Without the tracker an
 *   offset that did not move for the whole window is STOP, and the reason says why.
 */
export function evaluatePartition(input: PartitionEvaluationInput): Evaluation {
  const { window, windowSize, intervalMs, now } = input;
  if (input.error) return { status: 'ERR', reason: input.error };
  const cur = window[window.length - 1];
  if (!cur || cur.committed === null) return { status: 'OK', reason: 'no committed offset yet, so its lag is unknown' };
  if (cur.lag === null) return { status: 'ERR', reason: 'log end offset could not be read' };
  if (cur.lag === 0) return { status: 'OK', reason: 'caught up' };

  for (let i = 1; i < window.length; i++) {
    const a = window[i - 1]!.committed;
    const b = window[i]!.committed;
    if (a !== null && b !== null && b < a) {
      return { status: 'REWIND', reason: `committed offset went back from ${fmt(a)} to ${fmt(b)} ${ago(now - window[i]!.at)}` };
    }
  }

  const waiting = `${fmt(cur.lag)} ${cur.lag === 1 ? 'message waits' : 'messages wait'}`;
  const span = (windowSize - 1) * intervalMs;
  const sinceCommit = input.lastCommitAt === null ? null : now - input.lastCommitAt;
  // A caught-up sample in the window means the wait began within it: an idle partition that
  // just got a message has an old last commit but a consumer that has not had its turn yet.
  const caughtUpInWindow = window.some((s) => s.lag === 0);
  if (sinceCommit !== null && sinceCommit > span && !caughtUpInWindow) return stop(input, sinceCommit, waiting);
  if (window.length < windowSize) return { status: 'OK', reason: `${waiting}; collecting samples (${window.length} of ${windowSize})` };

  const first = window[0]!;
  // Burrow's rule: a partition that was caught up at any point in the window is keeping up.
  if (caughtUpInWindow) return { status: 'OK', reason: `consuming; ${waiting}, caught up within the window` };
  if (window.every((s) => s.committed === cur.committed)) {
    if (input.commitTimes === null) return stop(input, now - first.at, waiting);
    const stuck = input.commitTimes.filter((t) => t > first.at).length;
    if (stuck > 0) {
      const commits = `${fmt(stuck)} ${stuck === 1 ? 'commit' : 'commits'} in the last ${dur(now - first.at)}`;
      return { status: 'STALL', reason: `${commits} left the offset at ${fmt(cur.committed)} while ${waiting}` };
    }
  }
  const lags = window.map((s) => s.lag).filter((l): l is number => l !== null);
  let rising = lags.length >= 2;
  for (let i = 1; i < lags.length && rising; i++) if (lags[i]! < lags[i - 1]!) rising = false;
  if (rising && lags[lags.length - 1]! > lags[0]!) {
    return { status: 'WARN', reason: `consuming, but lag keeps rising: ${fmt(lags[0]!)} → ${fmt(cur.lag)} in ${dur(cur.at - first.at)}` };
  }
  return { status: 'OK', reason: `consuming; ${waiting}` };
}

function stop(input: PartitionEvaluationInput, since: number, waiting: string): Evaluation {
  const when = input.lastCommitIsWatchStart
    ? `no commit seen since Eventline started watching ${ago(since)}`
    : input.commitTimes !== null
      ? `last commit ${ago(since)}`
      : `committed offset has not moved for ${dur(since)}`;
  const orphan = input.owned ? '' : '; no member owns the partition';
  const untracked = input.commitTimes === null && input.untrackedReason ? ` (${input.untrackedReason}: a consumer still committing the same offset shows as STOP, not STALL)` : '';
  return { status: 'STOP', reason: `${when} while ${waiting}${orphan}${untracked}` };
}

/** The group's status is its worst partition's; the reason names it. */
export function evaluateGroup(
  partitions: { topic: string; partition: number; status: LagStatus; reason: string }[],
  state: string,
): Evaluation {
  if (partitions.length === 0) {
    return { status: 'OK', reason: state === 'Empty' || state === 'Dead' ? 'no members and no committed offsets' : 'no committed offsets yet' };
  }
  let worst = partitions[0]!;
  for (const p of partitions) if (LAG_STATUS_RANK[p.status] > LAG_STATUS_RANK[worst.status]) worst = p;
  if (worst.status === 'OK') {
    return { status: 'OK', reason: partitions.every((p) => p.reason === 'caught up') ? 'caught up' : 'consuming' };
  }
  const same = partitions.filter((p) => p.status === worst.status).length;
  const more = same > 1 ? ` (and ${same - 1} more partition${same > 2 ? 's' : ''})` : '';
  return { status: worst.status, reason: `${worst.topic}[${worst.partition}]: ${worst.reason}${more}` };
}

export function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

export function dur(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 90) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} min`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h`;
  return `${Math.round(h / 24)} d`;
}

function ago(ms: number): string {
  return `${dur(ms)} ago`;
}
