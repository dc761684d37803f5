import type { RawRecord } from '../kafka';

/** Where a job reads, fixed at creation so a resumed job reads exactly the same records. */
export type ReplayPlan =
  | { kind: 'range'; topic: string; partitions: { partition: number; from: number; end: number }[] }
  | { kind: 'records'; records: { topic: string; partition: number; offset: number }[] };

/** Range plans: the next offset per partition; picked records: the index of the next one. */
export type ReplayCheckpoint = { kind: 'range'; next: Record<string, number> } | { kind: 'records'; next: number };

/** A source record with the topic it was read from. */
export interface SourceRecord {
  topic: string;
  record: RawRecord;
}
