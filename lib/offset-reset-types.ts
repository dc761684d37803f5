// Offset reset: what the browser sends and gets back (server/lag/offset-reset.ts does it).

export const OFFSET_RESET_TARGETS = ['earliest', 'latest', 'timestamp', 'offset'] as const;
export type OffsetResetTarget = (typeof OFFSET_RESET_TARGETS)[number];

export interface OffsetResetRequest {
  /** Only this topic; all of the group's topics when absent. */
  topic?: string;
  to: OffsetResetTarget;
  /** ms since epoch, with to=timestamp: the first record at or after it. */
  timestamp?: number;
  /** With to=offset: the one partition (of `topic`) to move, and where. */
  partition?: number;
  offset?: number;
}

export interface OffsetResetPartition {
  topic: string;
  partition: number;
  /** Committed offset now; null when the group never committed on this partition. */
  from: number | null;
  to: number;
  lagBefore: number | null;
  lagAfter: number;
}

export interface OffsetResetPlan {
  groupId: string;
  partitions: OffsetResetPartition[];
  totalLagBefore: number;
  totalLagAfter: number;
}

/** Why a group's offsets can't move now, in the same words in the dialog and in the API's 409. */
export function activeGroupReason(members: number): string {
  const who = members === 1 ? "the group's member" : members > 1 ? `the group's ${members} members` : "the group's members";
  return `Stop ${who} first; Kafka refuses to move the offsets of an active group.`;
}
