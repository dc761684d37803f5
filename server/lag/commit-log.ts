/** One partition's commits as read from __consumer_offsets. */
export interface PartitionCommits {
  /** The offset of the last commit. */
  offset: number;
  /** Coordinator timestamp of the last commit (ms since epoch, broker clock). */
  lastAt: number;
  /** Commit times within the kept span, oldest first (at most MAX_RECENT_COMMITS, the newest). */
  recent: number[];
}

/**
 * Newest commit times kept per partition: a consumer committing after every record would
 * otherwise keep thousands a second. The evaluator only needs "any within the window".
 */
export const MAX_RECENT_COMMITS = 1000;

export const commitKey = (group: string, topic: string, partition: number) => `${group}\u0000${topic}\u0000${partition}`;

/**
 * Commits per (group, topic, partition). Old commit times are dropped as new ones arrive
 * and when read, so a busy group costs at most its commits within `keepMs`.
 */
export function createCommitLog(opts: { keepMs: number; now: () => number }) {
  const byKey = new Map<string, PartitionCommits>();

  function trim(c: PartitionCommits) {
    const from = opts.now() - opts.keepMs;
    let drop = 0;
    while (drop < c.recent.length && (c.recent[drop]! < from || c.recent.length - drop > MAX_RECENT_COMMITS)) drop++;
    if (drop) c.recent.splice(0, drop);
  }

  return {
    add(key: string, offset: number, at: number) {
      const c = byKey.get(key);
      if (!c) {
        const fresh = { offset, lastAt: at, recent: [at] };
        trim(fresh);
        byKey.set(key, fresh);
        return;
      }
      c.offset = offset;
      c.lastAt = at;
      c.recent.push(at);
      trim(c);
    },
    get(key: string): PartitionCommits | null {
      const c = byKey.get(key);
      if (!c) return null;
      trim(c);
      return { offset: c.offset, lastAt: c.lastAt, recent: [...c.recent] };
    },
    forget(key: string) {
      byKey.delete(key);
    },
    clear() {
      byKey.clear();
    },
    size: () => byKey.size,
  };
}
