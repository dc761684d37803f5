import { describe, expect, it } from 'vitest';
import type { CommitSource, CommitTrackerStatus } from './commit-tracker';
import type { PartitionCommits } from './commit-log';
import type { PartitionRow } from './partition-rows';
import { createPartitionWindows } from './partition-windows';

const row = (committed: number, lag: number): PartitionRow => ({
  groupId: 'g',
  readFrom: committed,
  error: null,
  p: { topic: 't', partition: 0, committed, logStart: 0, logEnd: committed + lag, lag, lagSeconds: null, timeLagMethod: 'unknown', note: null, owner: null, lastCommitAt: null, status: 'OK', reason: '' },
});

/** The commit tracker's answers, as plain values. */
function source(status: CommitTrackerStatus, commits: PartitionCommits | null): CommitSource {
  return { status: () => status, commitsOf: () => commits };
}
const READY: CommitTrackerStatus = { state: 'ready', reason: null, loadedInMs: 5 };

describe('partition windows', () => {
  it('shows the tracked commit time as the last commit, not the poll that saw the offset move', () => {
    let commits: PartitionCommits = { offset: 3, lastAt: 900, recent: [900] };
    const windows = createPartitionWindows({ windowSize: 3, intervalMs: 1000, commits: { status: () => READY, commitsOf: () => commits } });
    const first = row(3, 5);
    windows.evaluate([first], 1000);
    expect(first.p.lastCommitAt).toBe(900);
    commits = { offset: 4, lastAt: 1200, recent: [900, 1200] };
    const second = row(4, 4);
    windows.evaluate([second], 2000);
    expect(second.p.lastCommitAt).toBe(1200);
  });

  it('takes the poll time when the tracker trails a commit the poll already saw', () => {
    const windows = createPartitionWindows({ windowSize: 3, intervalMs: 1000, commits: source(READY, { offset: 3, lastAt: 900, recent: [900] }) });
    windows.evaluate([row(3, 5)], 1000);
    const moved = row(6, 2);
    windows.evaluate([moved], 2000);
    expect(moved.p.lastCommitAt).toBe(2000);
  });

  it('says STALL from tracked commits, and STOP with the tracker state when it cannot help', () => {
    const stalled = createPartitionWindows({ windowSize: 3, intervalMs: 1000, commits: source(READY, { offset: 3, lastAt: 2900, recent: [1500, 2900] }) });
    const loading = createPartitionWindows({ windowSize: 3, intervalMs: 1000, commits: source({ state: 'loading', reason: 'reading __consumer_offsets up to its end', loadedInMs: null }, null) });
    const unseen = createPartitionWindows({ windowSize: 3, intervalMs: 1000, commits: source(READY, null) });
    let a = row(3, 5);
    let b = row(3, 5);
    let c = row(3, 5);
    for (const at of [1000, 2000, 3000]) {
      [a, b, c] = [row(3, 5), row(3, 5), row(3, 5)];
      stalled.evaluate([a], at);
      loading.evaluate([b], at);
      unseen.evaluate([c], at);
    }
    expect(a.p.status).toBe('STALL');
    expect(b.p.status).toBe('STOP');
    expect(b.p.reason).toMatch(/\(commit tracker loading: reading __consumer_offsets up to its end: a consumer still committing/);
    expect(b.p.lastCommitAt).toBeNull();
    expect(c.p.reason).toMatch(/\(the commit tracker has read no commit for this partition:/);
  });

  it('forgets partitions that are gone from the poll', () => {
    const windows = createPartitionWindows({ windowSize: 2, intervalMs: 1000, commits: null });
    windows.evaluate([row(3, 5)], 1000);
    windows.evaluate([], 2000);
    const back = row(3, 5);
    windows.evaluate([back], 3000);
    expect(back.p.reason).toMatch(/collecting samples \(1 of 2\)/);
  });
});
