/** A picked record: where it is in the source. */
export interface Pick {
  topic: string;
  partition: number;
  offset: number;
}

/** Picks of one partition read together: offsets [from, end), holding `offsets` (ascending, no repeats). */
export interface PickRun {
  topic: string;
  partition: number;
  from: number;
  end: number;
  offsets: number[];
}

/**
 * Picks of one partition further apart than this are read apart: up to this many records
 * between two picks are read only to be dropped, which costs less than another round trip
 * while records are small (64 × 1 KB), and the read's bytes are bounded anyway.
 */
export const PICK_GAP = 64;
/** Offsets one run spans at most, so one read stays bounded in records and time. */
export const PICK_SPAN = 5_000;

/**
 * Groups picks into runs: per topic and partition, offsets sorted, cut where two picks are
 * more than PICK_GAP apart or the run would span more than PICK_SPAN offsets. The order the
 * records are sent in is not decided here (the caller keeps the picks' own order).
 */
export function pickRuns(picks: readonly Pick[]): PickRun[] {
  const byPartition = new Map<string, { topic: string; partition: number; offsets: Set<number> }>();
  for (const p of picks) {
    const key = `${p.topic}\u0000${p.partition}`;
    let entry = byPartition.get(key);
    if (!entry) byPartition.set(key, (entry = { topic: p.topic, partition: p.partition, offsets: new Set() }));
    entry.offsets.add(p.offset);
  }
  const runs: PickRun[] = [];
  for (const { topic, partition, offsets } of byPartition.values()) {
    let run: PickRun | null = null;
    for (const offset of [...offsets].sort((a, b) => a - b)) {
      if (run && offset - (run.end - 1) <= PICK_GAP && offset + 1 - run.from <= PICK_SPAN) {
        run.offsets.push(offset);
        run.end = offset + 1;
      } else {
        run = { topic, partition, from: offset, end: offset + 1, offsets: [offset] };
        runs.push(run);
      }
    }
  }
  return runs;
}
