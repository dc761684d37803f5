import type { OffsetCommit } from './consumer-offsets-codec';
import { commitKey } from './commit-log';

/** One commit to record: the first time its group committed this offset on the partition. */
export interface CommitRow {
  group: string;
  topic: string;
  partition: number;
  offset: number;
  /** The coordinator's commit time, ms since epoch. */
  at: number;
}

export interface CommitBufferCounts {
  /** Commits handed to the buffer. */
  seen: number;
  /** Skipped: the same offset as the partition's previous commit (most commits repeat). */
  repeated: number;
  /** Skipped: older than what the history keeps (read again from a compacted topic at start). */
  expired: number;
  /** Dropped: the buffer was full while the database lagged behind. */
  overflowed: number;
}

/**
 * The commits waiting to be written, without the repeats: a consumer committing on a
 * timer commits the same offset again and again, and only the first time an offset was
 * committed says when records were picked up. Bounded, so a slow database costs commits,
 * not memory.
 */
export function createCommitBuffer(opts: { flushRows: number; maxRows: number; keepSince: () => number }) {
  const lastOffset = new Map<string, number>();
  let rows: CommitRow[] = [];
  const counts: CommitBufferCounts = { seen: 0, repeated: 0, expired: 0, overflowed: 0 };

  return {
    /** Buffers a commit unless it repeats or is past keeping; true when a flush is due. */
    add(c: OffsetCommit): boolean {
      counts.seen += 1;
      const key = commitKey(c.group, c.topic, c.partition);
      if (lastOffset.get(key) === c.offset) {
        counts.repeated += 1;
        return false;
      }
      lastOffset.set(key, c.offset);
      if (c.commitTimestamp < opts.keepSince()) {
        counts.expired += 1;
        return false;
      }
      if (rows.length >= opts.maxRows) {
        counts.overflowed += 1;
        return true;
      }
      rows.push({ group: c.group, topic: c.topic, partition: c.partition, offset: c.offset, at: c.commitTimestamp });
      return rows.length >= opts.flushRows;
    },
    /** Removes and returns up to `max` of the oldest buffered rows. */
    take(max: number): CommitRow[] {
      if (rows.length <= max) {
        const all = rows;
        rows = [];
        return all;
      }
      return rows.splice(0, max);
    },
    size: () => rows.length,
    counts: (): CommitBufferCounts => ({ ...counts }),
  };
}
