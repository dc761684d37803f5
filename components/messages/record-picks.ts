import { MAX_PICKED_RECORDS, type ReplaySelection } from '../../lib/replay-types';

/** A record ticked in the message browser: enough to name it and to put it in order. */
export interface PickedRecord {
  partition: number;
  offset: number;
  /** Epoch ms: picked records are replayed oldest first. */
  timestamp: number;
}

/** Ticked records of one topic by `partition:offset`; kept across pages. */
export type Picks = ReadonlyMap<string, PickedRecord>;

export const pickKey = (r: { partition: number; offset: number }) => `${r.partition}:${r.offset}`;

/**
 * Ticks or unticks records (one, or a whole page), returning a new map. Ticking stops at
 * MAX_PICKED_RECORDS, the most one replay takes.
 */
export function setPicked(picks: Picks, records: PickedRecord[], on: boolean): Map<string, PickedRecord> {
  const next = new Map(picks);
  for (const r of records) {
    if (!on) next.delete(pickKey(r));
    else if (next.size < MAX_PICKED_RECORDS) next.set(pickKey(r), { partition: r.partition, offset: r.offset, timestamp: r.timestamp });
  }
  return next;
}

/** Whether every one of `records` is ticked (false for none). */
export const allPicked = (picks: Picks, records: { partition: number; offset: number }[]) => records.length > 0 && records.every((r) => picks.has(pickKey(r)));

/**
 * The replay selection of the ticked records: oldest first, as they were first written
 * (equal times by partition, then offset), so a replay re-creates their original order.
 */
export function pickedSelection(topic: string, picks: Picks): ReplaySelection {
  const records = [...picks.values()]
    .sort((a, b) => a.timestamp - b.timestamp || a.partition - b.partition || a.offset - b.offset)
    .map((r) => ({ topic, partition: r.partition, offset: r.offset }));
  return { kind: 'records', records, filters: {} };
}
