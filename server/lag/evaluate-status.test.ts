import { describe, expect, it } from 'vitest';
import { evaluateGroup, evaluatePartition, type LagSample } from './evaluate-status';

// Commits tracked (an empty list: the tracker saw none recently) unless a test says otherwise.
const base = { windowSize: 4, intervalMs: 1000, error: null, owned: true, lastCommitIsWatchStart: false, commitTimes: [] as number[] | null, untrackedReason: null };
const untracked = { commitTimes: null, untrackedReason: 'commit tracker unavailable: denied' };
const samples = (rows: [number | null, number | null][]): LagSample[] => rows.map(([committed, lag], i) => ({ at: i * 1000, committed, logEnd: null, lag }));

describe('evaluatePartition', () => {
  it('is OK when caught up, however old the last commit (idle partition)', () => {
    expect(evaluatePartition({ ...base, window: samples([[5, 0], [5, 0], [5, 0], [5, 0]]), now: 3000, lastCommitAt: -1e9 }).status).toBe('OK');
  });
  it('treats no committed offset as unknown', () => {
    expect(evaluatePartition({ ...base, window: samples([[null, null]]), now: 0, lastCommitAt: null }).reason).toMatch(/unknown/);
  });
  it('is STOP when the last commit is older than the window while lag waits', () => {
    const r = evaluatePartition({ ...base, owned: false, window: samples([[5, 3], [5, 3], [5, 3], [5, 3]]), now: 3000, lastCommitAt: -2000 });
    expect(r.status).toBe('STOP');
    expect(r.reason).toMatch(/3 messages wait; no member owns/);
  });
  it('is not STOP when a message just arrived on an idle partition whose last commit is old', () => {
    const idleThenOne = samples([[5, 0], [5, 0], [5, 0], [5, 1]]);
    const r = evaluatePartition({ ...base, window: idleThenOne, now: 3000, lastCommitAt: -600_000 });
    expect(r.status).toBe('OK');
    expect(evaluatePartition({ ...base, window: idleThenOne.slice(2), now: 3000, lastCommitAt: -600_000 }).status).toBe('OK');
    // Once the caught-up samples have left the window, the wait is long enough to call it.
    const stillWaiting = samples([[5, 1], [5, 1], [5, 1], [5, 1]]);
    expect(evaluatePartition({ ...base, window: stillWaiting, now: 3000, lastCommitAt: -600_000 }).status).toBe('STOP');
  });
  it('is STALL when commits keep coming but the offset does not move', () => {
    const r = evaluatePartition({ ...base, window: samples([[5, 3], [5, 4], [5, 5], [5, 6]]), now: 3000, lastCommitAt: 2500, commitTimes: [-400, 1500, 2500] });
    expect(r).toEqual({ status: 'STALL', reason: '2 commits in the last 3 s left the offset at 5 while 6 messages wait' });
  });
  it('is not STALL for a commit made before the window began, nor while the window fills', () => {
    const stuck = samples([[5, 3], [5, 3], [5, 3], [5, 3]]);
    expect(evaluatePartition({ ...base, window: stuck, now: 3000, lastCommitAt: 0, commitTimes: [0] }).status).toBe('OK');
    expect(evaluatePartition({ ...base, window: stuck.slice(0, 3), now: 2000, lastCommitAt: 1500, commitTimes: [1500] }).reason).toMatch(/collecting samples/);
  });
  it('is STOP, not STALL, when the tracked last commit is older than the window', () => {
    const r = evaluatePartition({ ...base, window: samples([[5, 3], [5, 3], [5, 3], [5, 3]]), now: 3000, lastCommitAt: -10_000, commitTimes: [] });
    expect(r).toEqual({ status: 'STOP', reason: 'last commit 13 s ago while 3 messages wait' });
  });
  it('without a commit tracker, an offset unmoved for the whole window is STOP and the reason says why', () => {
    const r = evaluatePartition({ ...base, ...untracked, window: samples([[5, 3], [5, 4], [5, 5], [5, 6]]), now: 3000, lastCommitAt: 0 });
    expect(r.status).toBe('STOP');
    expect(r.reason).toBe('committed offset has not moved for 3 s while 6 messages wait (commit tracker unavailable: denied: a consumer still committing the same offset shows as STOP, not STALL)');
    const old = evaluatePartition({ ...base, ...untracked, window: samples([[5, 3], [5, 3]]), now: 1000, lastCommitAt: -9000 });
    expect(old.reason).toMatch(/^committed offset has not moved for 10 s while 3 messages wait \(commit tracker unavailable/);
  });
  it('says when no commit was seen since watching began', () => {
    const r = evaluatePartition({ ...base, ...untracked, lastCommitIsWatchStart: true, window: samples([[5, 3], [5, 3]]), now: 1000, lastCommitAt: -9000 });
    expect(r.reason).toMatch(/^no commit seen since Eventline started watching 10 s ago/);
  });
  it('is REWIND when the offset goes back', () => {
    expect(evaluatePartition({ ...base, window: samples([[9, 1], [4, 6]]), now: 1000, lastCommitAt: 1000 }).status).toBe('REWIND');
  });
  it('is WARN when lag never falls and rises over the window', () => {
    expect(evaluatePartition({ ...base, window: samples([[1, 3], [2, 3], [3, 5], [4, 8]]), now: 3000, lastCommitAt: 3000 }).status).toBe('WARN');
  });
  it('is OK when the partition was caught up within the window (busy but keeping up)', () => {
    expect(evaluatePartition({ ...base, window: samples([[1, 0], [2, 0], [3, 1], [4, 2]]), now: 3000, lastCommitAt: 3000 }).status).toBe('OK');
  });
  it('is OK when lag falls at some point', () => {
    expect(evaluatePartition({ ...base, window: samples([[1, 3], [2, 2], [3, 5], [4, 8]]), now: 3000, lastCommitAt: 3000 }).status).toBe('OK');
  });
  it('is ERR with the error in words', () => {
    expect(evaluatePartition({ ...base, error: 'topic x no longer exists', window: [], now: 0, lastCommitAt: null })).toEqual({ status: 'ERR', reason: 'topic x no longer exists' });
  });
});

describe('evaluateGroup', () => {
  it('takes the worst partition and names it', () => {
    const r = evaluateGroup(
      [
        { topic: 'a', partition: 0, status: 'OK', reason: 'caught up' },
        { topic: 'a', partition: 1, status: 'STOP', reason: 'stopped' },
        { topic: 'b', partition: 0, status: 'WARN', reason: 'rising' },
      ],
      'Stable',
    );
    expect(r).toEqual({ status: 'STOP', reason: 'a[1]: stopped' });
  });
  it('reports a group with no members and no offsets', () => {
    expect(evaluateGroup([], 'Empty').reason).toBe('no members and no committed offsets');
  });
});
