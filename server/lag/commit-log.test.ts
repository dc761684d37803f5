import { describe, expect, it } from 'vitest';
import { commitKey, createCommitLog, MAX_RECENT_COMMITS } from './commit-log';

describe('commit log', () => {
  it('keeps the last offset and commit time, and only commit times within the kept span', () => {
    let now = 10_000;
    const log = createCommitLog({ keepMs: 3000, now: () => now });
    const k = commitKey('g', 't', 0);
    log.add(k, 5, 1000); // older than the span already: the last commit, but not recent
    expect(log.get(k)).toEqual({ offset: 5, lastAt: 1000, recent: [] });
    log.add(k, 5, 8000);
    log.add(k, 6, 9500);
    expect(log.get(k)).toEqual({ offset: 6, lastAt: 9500, recent: [8000, 9500] });
    now = 11_500;
    expect(log.get(k)!.recent).toEqual([9500]);
    expect(log.get(commitKey('g', 't', 1))).toBeNull();
  });

  it('keeps only the newest commit times of a partition that commits very often', () => {
    const log = createCommitLog({ keepMs: 60_000, now: () => 10_000 });
    const k = commitKey('g', 't', 0);
    for (let i = 0; i < MAX_RECENT_COMMITS + 50; i++) log.add(k, 7, 5000 + i);
    const c = log.get(k)!;
    expect(c.recent).toHaveLength(MAX_RECENT_COMMITS);
    expect(c.recent[0]).toBe(5050);
    expect(c.lastAt).toBe(5000 + MAX_RECENT_COMMITS + 49);
  });

  it('forgets a partition whose offset was deleted', () => {
    const log = createCommitLog({ keepMs: 1000, now: () => 0 });
    log.add(commitKey('g', 't', 0), 1, 0);
    log.forget(commitKey('g', 't', 0));
    expect(log.get(commitKey('g', 't', 0))).toBeNull();
    expect(log.size()).toBe(0);
  });
});
