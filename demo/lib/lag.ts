// Consumer lag of one group: end offset minus the committed offset, where a committed offset
// below the log start (expired by retention) counts from the log start. A partition the group
// has never committed on counts from the log start too — right for the demo's groups, which
// all start from the beginning — and is also reported in `uncommittedPartitions`, because for
// a group that starts at the end that backlog would not exist (a general tool must call it
// "unknown", not guess).
import type { Admin } from 'kafkajs';

export interface GroupLag {
  /** Records the group has yet to consume, summed over partitions. */
  total: number;
  byTopic: Record<string, number>;
  /** Non-empty partitions the group has never committed on (counted from their log start). */
  uncommittedPartitions: number;
}

export async function groupLag(admin: Admin, groupId: string, topics: string[]): Promise<GroupLag> {
  const [committed, ...ends] = await Promise.all([
    admin.fetchOffsets({ groupId, topics }),
    ...topics.map((topic) => admin.fetchTopicOffsets(topic)),
  ]);
  const result: GroupLag = { total: 0, byTopic: {}, uncommittedPartitions: 0 };
  topics.forEach((topic, i) => {
    const commits = new Map(committed.find((c) => c.topic === topic)?.partitions.map((p) => [p.partition, Number(p.offset)]));
    let lag = 0;
    for (const { partition, high, low } of ends[i]!) {
      const offset = commits.get(partition) ?? -1;
      if (offset < 0 && Number(high) > Number(low)) result.uncommittedPartitions++;
      lag += Math.max(0, Number(high) - Math.max(offset, Number(low)));
    }
    result.byTopic[topic] = lag;
    result.total += lag;
  });
  return result;
}
