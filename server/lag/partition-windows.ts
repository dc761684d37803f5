import type { PartitionLag } from '../../lib/lag-types';
import type { CommitSource } from './commit-tracker';
import { evaluatePartition, type LagSample } from './evaluate-status';
import type { PartitionRow } from './partition-rows';

interface PartitionState {
  window: LagSample[];
  lastOffset: number | null;
  /** When the polled committed offset was last seen to change (or when watching began). */
  movedAt: number;
  /** True until the committed offset has been seen to move. */
  watchStart: boolean;
}

/** What is known about a partition's commits for one evaluation. */
export interface CommitEvidence {
  lastCommitAt: number | null;
  lastCommitIsWatchStart: boolean;
  commitTimes: number[] | null;
  untrackedReason: string | null;
}

/**
 * The sliding window of samples per (group, topic, partition), and the status each
 * partition gets from it. Commit times come from the commit tracker when it can read
 * __consumer_offsets; otherwise only offset moves seen by our polls count as commits.
 */
export function createPartitionWindows(opts: { windowSize: number; intervalMs: number; commits: CommitSource | null }) {
  const { windowSize, intervalMs } = opts;
  const partitions = new Map<string, PartitionState>();

  function observe(key: string, p: PartitionLag, at: number): PartitionState {
    let st = partitions.get(key);
    if (!st) {
      st = { window: [], lastOffset: p.committed, movedAt: at, watchStart: true };
      partitions.set(key, st);
    } else if (p.committed !== st.lastOffset) {
      st.lastOffset = p.committed;
      st.movedAt = at;
      st.watchStart = false;
    }
    st.window.push({ at, committed: p.committed, logEnd: p.logEnd, lag: p.lag });
    if (st.window.length > windowSize) st.window.splice(0, st.window.length - windowSize);
    return st;
  }

  function evidence(groupId: string, p: PartitionLag, st: PartitionState): CommitEvidence {
    const tracked = trackedCommits(opts.commits, groupId, p);
    if (p.committed === null) return { lastCommitAt: null, lastCommitIsWatchStart: false, commitTimes: tracked.times, untrackedReason: tracked.why };
    if (tracked.times !== null && tracked.lastAt !== null) {
      // The tracker may trail a commit our poll already saw (another offset): then the poll that saw it is the better bound.
      const trailing = tracked.offset !== p.committed && !st.watchStart;
      const lastCommitAt = trailing ? Math.max(tracked.lastAt, st.movedAt) : tracked.lastAt;
      return { lastCommitAt, lastCommitIsWatchStart: false, commitTimes: tracked.times, untrackedReason: null };
    }
    return { lastCommitAt: st.movedAt, lastCommitIsWatchStart: st.watchStart, commitTimes: null, untrackedReason: tracked.why };
  }

  return {
    /** Adds this poll's rows to their windows, sets status, reason and last commit, and forgets partitions gone from the poll. */
    evaluate(rows: PartitionRow[], at: number) {
      const seen = new Set<string>();
      for (const r of rows) {
        const key = `${r.groupId}\u0000${r.p.topic}\u0000${r.p.partition}`;
        seen.add(key);
        const st = observe(key, r.p, at);
        const ev = evidence(r.groupId, r.p, st);
        const result = evaluatePartition({ window: st.window, windowSize, intervalMs, now: at, owned: r.p.owner !== null, error: r.error, ...ev });
        r.p.status = result.status;
        r.p.reason = result.reason;
        r.p.lastCommitAt = ev.lastCommitIsWatchStart ? null : ev.lastCommitAt;
      }
      for (const key of partitions.keys()) if (!seen.has(key)) partitions.delete(key);
    },
  };
}

interface Tracked {
  times: number[] | null;
  lastAt: number | null;
  offset: number | null;
  why: string | null;
}

function trackedCommits(source: CommitSource | null, groupId: string, p: PartitionLag): Tracked {
  const none = { times: null, lastAt: null, offset: null };
  if (!source) return { ...none, why: 'commits are not tracked' };
  const status = source.status();
  if (status.state !== 'ready') return { ...none, why: `commit tracker ${status.state}: ${status.reason ?? 'no reason given'}` };
  const c = source.commitsOf(groupId, p.topic, p.partition);
  if (!c) return { ...none, why: 'the commit tracker has read no commit for this partition' };
  return { times: c.recent, lastAt: c.lastAt, offset: c.offset, why: null };
}
