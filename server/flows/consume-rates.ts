// Consume rate per (group, topic): how fast the group's committed offsets moved between the
// lag monitor's last two cycles. The lag monitor keeps only the latest cycle, so the flow
// map remembers the one before.
import type { GroupDetail } from '../../lib/lag-types';

export function createConsumeRates() {
  let prev: { at: number; committed: Map<string, number> } | null = null;
  let rates = new Map<string, number>();

  const key = (groupId: string, topic: string) => `${groupId}\u0000${topic}`;

  return {
    /** Feeds one cycle's groups. */
    update(at: number, groups: readonly GroupDetail[]) {
      const committed = new Map<string, number>();
      for (const g of groups) {
        for (const p of g.partitions) {
          if (p.committed === null) continue;
          const k = key(g.groupId, p.topic);
          committed.set(k, (committed.get(k) ?? 0) + p.committed);
        }
      }
      if (prev && at > prev.at) {
        const seconds = (at - prev.at) / 1000;
        const next = new Map<string, number>();
        // A reset backwards (REWIND) is not a negative rate.
        for (const [k, c] of committed) if (prev.committed.has(k)) next.set(k, Math.max(0, (c - prev.committed.get(k)!) / seconds));
        rates = next;
      }
      prev = { at, committed };
    },
    /** msg/s, or null until two cycles saw the group on that topic. */
    rate: (groupId: string, topic: string): number | null => rates.get(key(groupId, topic)) ?? null,
  };
}
