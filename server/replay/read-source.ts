import type { ReplaySelection } from '../../lib/replay-types';
import { OffsetOutOfRangeError, type RawRecord, type RecordReader } from '../kafka';
import { readPicked } from './read-picks';
import { withReadRetry } from './read-retry';
import { EmptyReplayError } from './replay-errors';
import type { ReplayCheckpoint, ReplayPlan, SourceRecord } from './types';

/**
 * Resolves a selection into the exact source a job reads: per partition [from, end) fixed
 * now (times become offsets, the end is today's last stable offset), or the picked list.
 */
export async function planSelection(reader: RecordReader, sel: ReplaySelection): Promise<ReplayPlan> {
  if (sel.kind === 'records') return { kind: 'records', records: sel.records };
  const ranges = await reader.partitionRanges(sel.topic);
  const chosen = sel.partitions ? ranges.filter((r) => sel.partitions!.includes(r.partition)) : ranges;
  if (chosen.length === 0) throw new EmptyReplayError(`"${sel.topic}" has none of partitions ${sel.partitions!.join(', ')}`);
  const ids = chosen.map((r) => r.partition);
  const fromTime = sel.fromTime === undefined ? null : await reader.offsetsForTimestamp(sel.topic, ids, sel.fromTime);
  const toTime = sel.toTime === undefined ? null : await reader.offsetsForTimestamp(sel.topic, ids, sel.toTime);
  return {
    kind: 'range',
    topic: sel.topic,
    partitions: chosen.map((r) => {
      let from = Math.max(r.logStart, sel.fromOffset ?? 0);
      let end = Math.min(r.logEnd, sel.toOffset ?? Number.MAX_SAFE_INTEGER);
      // No record at or after fromTime: nothing to read here.
      if (fromTime) from = Math.max(from, fromTime.get(r.partition) ?? r.logEnd);
      if (toTime) end = Math.min(end, toTime.get(r.partition) ?? r.logEnd);
      return { partition: r.partition, from, end: Math.max(from, end) };
    }),
  };
}

export function planTotal(plan: ReplayPlan): number {
  return plan.kind === 'records' ? plan.records.length : plan.partitions.reduce((n, p) => n + (p.end - p.from), 0);
}

export function initialCheckpoint(plan: ReplayPlan): ReplayCheckpoint {
  if (plan.kind === 'records') return { kind: 'records', next: 0 };
  return { kind: 'range', next: Object.fromEntries(plan.partitions.map((p) => [String(p.partition), p.from])) };
}

/** Bytes a replay asks per Fetch: a batch of 2,500 records of 1 KB in two answers, not three. */
const FETCH_BYTES = 2 * 1024 * 1024;

/** Offsets of a range partition that retention deleted before the job read them: [from, to). */
export interface SourceGone {
  topic: string;
  partition: number;
  from: number;
  to: number;
}

export interface SourceBatch {
  records: SourceRecord[];
  /** Source offsets passed over (read, or gaps of compaction and markers): the job's progress. */
  covered: number;
  /** The checkpoint once this batch is acknowledged. */
  checkpoint: ReplayCheckpoint;
  /**
   * Source records no longer in the log: picked records not found (retention, a deleted
   * topic), or a range's offsets below a log start that moved past the job. For a range
   * these are offsets: the broker no longer holds them, so which were transaction markers
   * cannot be told (on a topic without transactions every offset is a record).
   */
  missing: number;
  /** Where a range's missing offsets were. */
  gone?: SourceGone;
}

type PartitionRead = { partition: number; from: number; end: number };

/**
 * One read of a range partition from `position`: its records, or when retention moved
 * the log start past `position`, where the log starts again (capped at the end).
 * Retriable failures (a leader moved) are tried again first.
 */
async function readPartition(reader: RecordReader, topic: string, p: PartitionRead, position: number, batchSize: number) {
  try {
    const raw = await withReadRetry(() => reader.readRange(topic, p.partition, position, p.end, batchSize, { fetchBytes: FETCH_BYTES }));
    return { p, raw, position, goneTo: null };
  } catch (err) {
    // Below the log start: counted as gone, never guessed at. Past the log end (the topic
    // was recreated or truncated) nothing is known about the rest, so the job fails with the range.
    if (err instanceof OffsetOutOfRangeError && position < err.logStart) return { p, raw: [] as RawRecord[], position, goneTo: Math.min(err.logStart, p.end) };
    throw err;
  }
}

/**
 * Reads the plan from a checkpoint in batches of up to `batchSize` records: picked records
 * in their given order (read-picks.ts); a range partition by partition, or with `parallel` > 1 that many
 * partitions at once, each in order, their batches yielded as they arrive (the checkpoint
 * is per partition, so any interleaving resumes right). Each partition being read has its
 * next batch on the way while the last one is used. Where retention deleted records
 * before they were read, a batch says so (missing, gone) and reading goes on from the log start.
 */
export async function* readSource(reader: RecordReader, plan: ReplayPlan, from: ReplayCheckpoint, batchSize: number, opts: { parallel?: number } = {}): AsyncGenerator<SourceBatch> {
  if (plan.kind === 'records' && from.kind === 'records') {
    for (let i = from.next; i < plan.records.length; ) {
      const slice = plan.records.slice(i, i + batchSize);
      const { records, missing } = await readPicked(reader, slice);
      i += slice.length;
      yield { records, covered: slice.length, missing, checkpoint: { kind: 'records', next: i } };
    }
    return;
  }
  if (plan.kind !== 'range' || from.kind !== 'range') throw new Error('replay checkpoint does not fit its plan');
  const next = { ...from.next };
  const waiting = plan.partitions.filter((p) => (next[String(p.partition)] ?? p.from) < p.end);
  const reading = new Map<number, ReturnType<typeof readPartition>>();
  const read = (p: PartitionRead) => {
    const pending = readPartition(reader, plan.topic, p, next[String(p.partition)] ?? p.from, batchSize);
    pending.catch(() => undefined); // raced below; one left behind by a stop must not go unhandled
    reading.set(p.partition, pending);
  };
  const width = Math.max(1, opts.parallel ?? 1);
  const fill = () => {
    while (reading.size < width && waiting.length) read(waiting.shift()!);
  };
  fill();
  while (reading.size) {
    const { p, raw, position, goneTo } = await Promise.race(reading.values());
    reading.delete(p.partition);
    // Nothing readable below the end (aborted records, a gap): the partition is done.
    const reached = goneTo ?? (raw.length ? raw.at(-1)!.offset + 1 : p.end);
    next[String(p.partition)] = reached;
    if (reached < p.end) read(p);
    else fill();
    const checkpoint: ReplayCheckpoint = { kind: 'range', next: { ...next } };
    const records = raw.map((record) => ({ topic: plan.topic, record }));
    if (goneTo === null) yield { records, covered: reached - position, missing: 0, checkpoint };
    else yield { records, covered: reached - position, missing: goneTo - position, gone: { topic: plan.topic, partition: p.partition, from: position, to: goneTo }, checkpoint };
  }
}
