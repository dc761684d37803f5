import { DEAD_LETTER_HEADER_NAMES, decodeDeadLetterHeaders, originProblem } from '../../lib/dead-letter-headers';
import { REPLAY_HEADERS, type ReplayCounts, type ReplayOptions, type ReplayTarget, type SkipReason } from '../../lib/replay-types';
import type { OutgoingRecord } from '../kafka';
import type { SourceRecord } from './types';

export interface ShapeSettings {
  jobId: string;
  target: ReplayTarget;
  options: ReplayOptions;
  /** Resolved: the option, or on for origin targets. */
  dropDeadLetterHeaders: boolean;
  /** The job id header, made once for every record of the job. */
  jobIdHeader?: { key: string; value: Buffer };
}

export type Shaped = { skip: SkipReason } | { source: SourceRecord; topic: string; record: OutgoingRecord };

const ownHeaders = new Set<string>(Object.values(REPLAY_HEADERS));
/** The count headers of a first to eighth replay, made once: nearly every record replayed gets one of these. */
const COUNT_HEADERS = Array.from({ length: 8 }, (_, n) => ({ key: REPLAY_HEADERS.count, value: String(n + 1) }));

/** Whether a source header goes out: never an old replay header, nor a dead-letter one when those are dropped. */
const keeps = (key: string, set: ShapeSettings) => !ownHeaders.has(key) && !(set.dropDeadLetterHeaders && DEAD_LETTER_HEADER_NAMES.has(key));

/** How often a record was already replayed: its x-eventline-replay-count, or 0. */
export function replayCountOf(headers: SourceRecord['record']['headers']): number {
  let count = 0;
  for (const h of headers) {
    if (h.key !== REPLAY_HEADERS.count || !h.value) continue;
    const n = Number(h.value.toString('utf8'));
    if (Number.isSafeInteger(n) && n > 0) count = n;
  }
  return count;
}

/**
 * Turns one matched source record into what is sent, or the reason it is not. Key, value,
 * headers and timestamp are kept byte for byte unless an option says otherwise; the
 * replay headers are replaced (never repeated) and the count goes up by one.
 */
export function shapeRecord(s: SourceRecord, set: ShapeSettings, now: () => number = Date.now): Shaped {
  const r = s.record;
  const count = replayCountOf(r.headers);
  if (count >= set.options.replayLimit) return { skip: 'replay-limit' };

  let topic: string;
  let partition: number | undefined;
  if (set.target.kind === 'topic' || set.target.kind === 'source') {
    topic = set.target.kind === 'topic' ? set.target.topic : s.topic;
    partition = set.options.partitioning === 'source' ? r.partition : undefined;
  } else {
    const info = decodeDeadLetterHeaders(r.headers);
    if (originProblem(info) !== null) return { skip: 'no-origin' };
    topic = info!.originalTopic!;
    if (set.options.partitioning === 'source') {
      if (info!.originalPartition === null) return { skip: 'no-origin-partition' };
      partition = info!.originalPartition;
    }
  }

  // Sized once: an array grown by push gets room for 17 elements, in every one of hundreds of thousands of records.
  let kept = 0;
  for (const h of r.headers) if (keeps(h.key, set)) kept += 1;
  const headers: OutgoingRecord['headers'] = new Array(kept + 3);
  let i = 0;
  for (const h of r.headers) if (keeps(h.key, set)) headers[i++] = h;
  // One id header object for every record of the job (headers are read, never changed, on the way out); `of` as text, no Buffer made.
  headers[i++] = set.jobIdHeader ??= { key: REPLAY_HEADERS.id, value: Buffer.from(set.jobId) };
  headers[i++] = { key: REPLAY_HEADERS.of, value: `${s.topic}/${r.partition}/${r.offset}` };
  headers[i] = count < COUNT_HEADERS.length ? COUNT_HEADERS[count]! : { key: REPLAY_HEADERS.count, value: String(count + 1) };
  return {
    source: s,
    topic,
    record: {
      key: r.key,
      value: r.value,
      headers,
      timestamp: set.options.newTimestamp ? now() : r.timestamp,
      partition,
    },
  };
}

/** A job's shaping settings: dead-letter headers are dropped by default when records go back to their origin. */
export function shapeSettingsFor(jobId: string, target: ReplayTarget, options: ReplayOptions): ShapeSettings {
  return { jobId, target, options, dropDeadLetterHeaders: options.dropDeadLetterHeaders ?? target.kind === 'origin' };
}

/** One batch filtered and shaped: what goes out, and what the batch adds to the counts. */
export interface ShapedBatch {
  out: { source: SourceRecord; topic: string; record: OutgoingRecord }[];
  read: number;
  matched: number;
  skipped: ReplayCounts['skipped'];
}

/** Filters and shapes the records of one batch, the same way for a job and for its dry run. */
export function shapeBatch(batch: { records: SourceRecord[]; missing: number }, matches: (s: SourceRecord) => boolean, settings: ShapeSettings): ShapedBatch {
  const b: ShapedBatch = { out: [], read: batch.records.length, matched: 0, skipped: {} };
  if (batch.missing) b.skipped['source-gone'] = batch.missing;
  for (const s of batch.records) {
    if (!matches(s)) continue;
    b.matched += 1;
    const shaped = shapeRecord(s, settings);
    if ('skip' in shaped) b.skipped[shaped.skip] = (b.skipped[shaped.skip] ?? 0) + 1;
    else b.out.push(shaped);
  }
  return b;
}

/** Adds a batch's skipped records, by reason, into running counts. */
export function addSkipped(into: ReplayCounts['skipped'], from: ReplayCounts['skipped']) {
  for (const [reason, n] of Object.entries(from) as [SkipReason, number][]) into[reason] = (into[reason] ?? 0) + n;
}
