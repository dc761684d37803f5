import type { PartitionLag } from '../../lib/lag-types';
import type { RawClusterState, RawGroup, RawPartition } from '../kafka';
import { fmt } from './evaluate-status';

/** One (group, topic, partition) of one poll, before its status is known. */
export interface PartitionRow {
  groupId: string;
  p: PartitionLag;
  /** Where the group reads next: the committed offset, or the log start when retention passed it. */
  readFrom: number | null;
  error: string | null;
}

/**
 * Lag in messages for every partition a group owns or has an offset for: log end −
 * max(committed, log start). Lag in seconds is filled in later (time-lag-reader.ts).
 */
export function buildPartitionRows(groups: RawGroup[], cluster: RawClusterState): PartitionRow[] {
  const topics = new Map(cluster.topics.map((t) => [t.name, new Map(t.partitions.map((p) => [p.partition, p]))]));
  const rows: PartitionRow[] = [];
  for (const g of groups) {
    const owners = ownersOf(g);
    const keys = new Set<string>(owners.keys());
    for (const [topic, ps] of g.committed) for (const partition of ps.keys()) keys.add(partitionKey(topic, partition));
    for (const key of keys) {
      const [topic, ps] = key.split('\u0000') as [string, string];
      const partition = Number(ps);
      const meta = topics.get(topic)?.get(partition);
      const committed = g.committed.get(topic)?.get(partition) ?? null;
      const row = rowFor(topic, partition, committed, meta, owners.get(key) ?? null);
      if (!topics.has(topic)) row.error = `topic ${topic} no longer exists`;
      rows.push({ groupId: g.groupId, ...row });
    }
  }
  return rows;
}

function partitionKey(topic: string, partition: number) {
  return `${topic}\u0000${partition}`;
}

function ownersOf(g: RawGroup) {
  const owners = new Map<string, PartitionLag['owner']>();
  for (const m of g.members) {
    for (const a of m.assignments) owners.set(partitionKey(a.topic, a.partition), { memberId: m.memberId, clientId: m.clientId, host: m.host });
  }
  return owners;
}

function rowFor(topic: string, partition: number, committed: number | null, meta: RawPartition | undefined, owner: PartitionLag['owner']): Omit<PartitionRow, 'groupId'> {
  let error: string | null = null;
  if (!meta) error = `partition ${partition} no longer exists`;
  else if (meta.high === null) error = 'the partition has no leader: log end offset unknown';
  const logStart = meta?.low ?? null;
  const logEnd = meta?.high ?? null;
  let lag: number | null = null;
  let readFrom: number | null = null;
  let note: string | null = null;
  if (committed !== null && logEnd !== null) {
    readFrom = Math.max(committed, logStart ?? 0);
    lag = Math.max(0, logEnd - readFrom);
    if (logStart !== null && committed < logStart) {
      note = `committed offset ${fmt(committed)} is below the log start ${fmt(logStart)} (deleted by retention): lag counts from the log start`;
    }
  }
  return {
    readFrom,
    error,
    p: {
      topic,
      partition,
      committed,
      logStart,
      logEnd,
      lag,
      lagSeconds: committed === null ? null : lag === 0 ? 0 : null,
      timeLagMethod: committed === null ? 'unknown' : lag === 0 ? 'caught-up' : 'unknown',
      note,
      owner,
      lastCommitAt: null,
      status: 'OK',
      reason: '',
    },
  };
}
