import { describe, expect, it } from 'vitest';
import { createCommitBuffer } from './commit-buffer';
import type { OffsetCommit } from './consumer-offsets-codec';

const commit = (offset: number, at: number, partition = 0, group = 'billing'): OffsetCommit => ({ group, topic: 'orders', partition, offset, commitTimestamp: at, metadata: '' });

describe('commit buffer', () => {
  it('keeps the first commit of each offset per partition and skips repeats', () => {
    const b = createCommitBuffer({ flushRows: 100, maxRows: 1000, keepSince: () => 0 });
    for (const [o, at] of [[1, 10], [1, 20], [1, 30], [2, 40], [2, 50], [5, 60]] as const) b.add(commit(o, at));
    b.add(commit(1, 70, 1)); // another partition: not a repeat of partition 0's offset 1
    b.add(commit(1, 80, 0, 'audit')); // another group
    expect(b.take(100).map((r) => [r.group, r.partition, r.offset, r.at])).toEqual([
      ['billing', 0, 1, 10],
      ['billing', 0, 2, 40],
      ['billing', 0, 5, 60],
      ['billing', 1, 1, 70],
      ['audit', 0, 1, 80],
    ]);
    expect(b.counts()).toEqual({ seen: 8, repeated: 3, expired: 0, overflowed: 0 });
    expect(b.size()).toBe(0);
  });

  it('a rewind back to an earlier offset is a new commit, not a repeat', () => {
    const b = createCommitBuffer({ flushRows: 100, maxRows: 1000, keepSince: () => 0 });
    for (const o of [3, 4, 3, 3]) b.add(commit(o, o));
    expect(b.take(100).map((r) => r.offset)).toEqual([3, 4, 3]);
  });

  it('says when a flush is due, and takes rows in batches, oldest first', () => {
    const b = createCommitBuffer({ flushRows: 3, maxRows: 1000, keepSince: () => 0 });
    expect([1, 2, 3, 4].map((o) => b.add(commit(o, o)))).toEqual([false, false, true, true]);
    expect(b.take(3).map((r) => r.offset)).toEqual([1, 2, 3]);
    expect(b.take(3).map((r) => r.offset)).toEqual([4]);
  });

  it('skips commits past keeping and drops what does not fit, counting both', () => {
    const b = createCommitBuffer({ flushRows: 2, maxRows: 3, keepSince: () => 100 });
    b.add(commit(1, 99));
    for (const o of [2, 3, 4, 5, 6]) b.add(commit(o, 100 + o));
    expect(b.counts()).toEqual({ seen: 6, repeated: 0, expired: 1, overflowed: 2 });
    expect(b.take(10).map((r) => r.offset)).toEqual([2, 3, 4]);
  });
});
