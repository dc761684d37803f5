// Partitions the collector has paused because the next batch in them cannot be decoded
// (collector.ts explains how one is found). Each waits, visibly, and is probed again on
// a growing interval; none of its records is skipped.
import { backoffMs } from '../../lib/backoff';
import type { WaitingPartition } from '../../lib/trace-types';

export interface PartitionWait {
  topic: string;
  partition: number;
  /** The undecodable batch's first offset when its header said so, else the partition's position. */
  offset: string;
  reason: string;
  since: number;
  checks: number;
  nextCheckAt: number;
}

const keyOf = (topic: string, partition: number) => `${topic}/${partition}`;

export function createPartitionWaits(opts: { firstCheckMs: number; maxCheckMs: number }) {
  const waits = new Map<string, PartitionWait>();
  return {
    has: (topic: string, partition: number) => waits.has(keyOf(topic, partition)),
    add(w: { topic: string; partition: number; offset: string; reason: string }, now = Date.now()) {
      waits.set(keyOf(w.topic, w.partition), { ...w, since: now, checks: 0, nextCheckAt: now + opts.firstCheckMs });
    },
    /** The next probe failed too: wait longer before the one after. */
    stillBad(w: PartitionWait, reason: string, now = Date.now()) {
      w.checks += 1;
      w.reason = reason;
      w.nextCheckAt = now + backoffMs(w.checks + 1, opts.firstCheckMs, opts.maxCheckMs);
    },
    remove: (topic: string, partition: number) => waits.delete(keyOf(topic, partition)),
    due: (now = Date.now()) => [...waits.values()].filter((w) => w.nextCheckAt <= now),
    /** Waits for partitions this process no longer owns are dropped: their new owner finds the batch itself. */
    keepOnly(assigned: { topic: string; partition: number }[]) {
      const keep = new Set(assigned.map((a) => keyOf(a.topic, a.partition)));
      for (const k of waits.keys()) if (!keep.has(k)) waits.delete(k);
    },
    /** The waiting partitions of an assignment, as kafkajs's pause() takes them. */
    pausable(assigned: { topic: string; partition: number }[]): { topic: string; partitions: number[] }[] {
      const byTopic = new Map<string, number[]>();
      for (const a of assigned) if (waits.has(keyOf(a.topic, a.partition))) byTopic.set(a.topic, [...(byTopic.get(a.topic) ?? []), a.partition]);
      return [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
    },
    list(): WaitingPartition[] {
      return [...waits.values()].map((w) => ({
        topic: w.topic,
        partition: w.partition,
        offset: w.offset,
        reason: w.reason,
        since: new Date(w.since).toISOString(),
        nextCheckAt: new Date(w.nextCheckAt).toISOString(),
      }));
    },
  };
}
