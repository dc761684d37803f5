import { OffsetOutOfRangeError, TopicNotFoundError, type RawRecord, type RecordReader } from '../kafka';
import { pickRuns, type Pick, type PickRun } from './pick-runs';
import { withReadRetry } from './read-retry';
import type { SourceRecord } from './types';

/** Bytes asked to read a lone pick: its batch comes whole anyway, and a megabyte around each pick was wasted. */
const PICK_FETCH_BYTES = 64 * 1024;
/** Bytes asked per Fetch of a run at most: a run of 2,000 picks of 1 KB in one answer. */
const RUN_FETCH_BYTES = 2 * 1024 * 1024;
/** Bytes per offset a run's Fetch is sized for (1 KB records); bigger records take more Fetches, never more bytes each. */
const BYTES_PER_OFFSET = 1024;
/** Runs read at once: round trips overlap, and partitions of different leaders are read side by side. */
const RUNS_PARALLEL = 4;

const keyOf = (topic: string, partition: number, offset: number) => `${topic}\u0000${partition}\u0000${offset}`;

/**
 * Reads the picked records of one run into `found`. A pick that is not in the log is
 * simply not found: below the log start (retention deleted it) the read goes on from the
 * log start; past the log end, or with the topic gone, the run ends. Any other error is
 * the caller's (after the read's retries).
 */
async function readRun(reader: RecordReader, run: PickRun, found: Map<string, RawRecord>): Promise<void> {
  const wanted = new Set(run.offsets);
  const fetchBytes = Math.min(RUN_FETCH_BYTES, Math.max(PICK_FETCH_BYTES, (run.end - run.from) * BYTES_PER_OFFSET));
  let position = run.from;
  while (position < run.end) {
    let got: RawRecord[];
    try {
      const from = position;
      got = await withReadRetry(() => reader.readRange(run.topic, run.partition, from, run.end, run.end - from, { fetchBytes }));
    } catch (err) {
      if (err instanceof OffsetOutOfRangeError && position < err.logStart) {
        position = err.logStart;
        continue;
      }
      if (err instanceof OffsetOutOfRangeError || err instanceof TopicNotFoundError) return;
      throw err;
    }
    if (got.length === 0) return; // nothing readable below the run's end (aborted, or not committed yet)
    for (const r of got) if (wanted.has(r.offset)) found.set(keyOf(run.topic, run.partition, r.offset), r);
    position = got.at(-1)!.offset + 1;
  }
}

/**
 * Reads picked records in few Fetches: the picks are grouped into runs of near offsets
 * per partition (pick-runs.ts), each run read with one bounded read, several runs at
 * once. The records come back in the picks' own order (a trace's order, or the order the
 * operator's selection gave), a pick named twice twice; `missing` counts the picks not in
 * the log.
 */
export async function readPicked(reader: RecordReader, picks: readonly Pick[]): Promise<{ records: SourceRecord[]; missing: number }> {
  const found = new Map<string, RawRecord>();
  const runs = pickRuns(picks);
  let next = 0;
  const worker = async () => {
    while (next < runs.length) await readRun(reader, runs[next++]!, found);
  };
  await Promise.all(Array.from({ length: Math.min(RUNS_PARALLEL, runs.length) }, worker));
  const records: SourceRecord[] = [];
  let missing = 0;
  for (const p of picks) {
    const record = found.get(keyOf(p.topic, p.partition, p.offset));
    if (record) records.push({ topic: p.topic, record });
    else missing += 1;
  }
  return { records, missing };
}
