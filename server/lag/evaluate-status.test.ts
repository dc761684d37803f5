import { describe, expect, it } from 'vitest';
import { evaluateGroup, evaluatePartition, type LagSample } from './evaluate-status';

const base = { windowSize: 4, intervalMs: 1000, error: null, owned: true, lastCommitIsWatchStart: false };
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
  it('is STALL when commits keep coming but the offset does not move', () => {
    expect(evaluatePartition({ ...base, window: samples([[5, 3], [5, 4], [5, 5], [5, 6]]), now: 3000, lastCommitAt: 2500 }).status).toBe('STALL');
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
