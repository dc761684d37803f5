import type { ReplayCounts } from '../../lib/replay-types';
import type { OutgoingRecord, RecordReader, RecordWriter } from '../kafka';
import type { Logger } from '../log/logger';
import type { JobStore, StoredJob } from './job-store';
import type { SourceRecord } from './types';
import { readSource, type SourceBatch, type SourceGone } from './read-source';
import { compileFilter } from './record-filter';
import { addSkipped, shapeBatch, shapeSettingsFor, type ShapedBatch, type ShapeSettings } from './shape-record';
import { createPacer, createRateMeter } from './token-bucket';

/**
 * Records read per batch with no rate limit: 2.5 MB of 1 KB records, one checkpoint (two small
 * writes) each. Up to five batches are in memory at once (two being read, one ahead, one
 * being shaped, one being sent); bigger batches cost more memory than they save in time.
 */
const UNLIMITED_BATCH = 2_500;
/** With a rate, a batch is about a fifth of a second's worth, so pacing stays smooth. */
const batchSizeFor = (rate: number) => (rate <= 0 ? UNLIMITED_BATCH : Math.max(1, Math.min(UNLIMITED_BATCH, Math.round(rate / 5))));
/** Source partitions read at once: a Fetch's round trip is hidden behind the other's. */
const READ_PARALLEL = 2;
/** A paced wait is cut into slices this long, so pause and cancel are felt at once. */
const WAIT_SLICE_MS = 100;

export interface RunControl {
  /** Set by pause or cancel: the runner stops after its current batch. */
  stopRequested: boolean;
}

export interface RunnerDeps {
  store: JobStore;
  /** This server's claim: every write of the runner is conditional on it. */
  owner: string;
  reader: RecordReader;
  writer: RecordWriter;
  log: Logger;
  /** Called after each batch and at the end, with the live rates. */
  onProgress: (job: StoredJob, live: { rate: number; progressRate: number }) => void;
  /** Called once a batch that found source records gone (retention) is saved: `count` of them, and where for a range. */
  onSourceGone?: (job: StoredJob, gone: { count: number; range?: SourceGone }) => Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A batch once shaped: what is sent, and what it adds to the counts and checkpoint once acknowledged. */
interface Prepared {
  /** Records to send, by target topic. */
  out: Map<string, OutgoingRecord[]>;
  outCount: number;
  /** What this batch adds to the counts once it is acknowledged. */
  counted: Omit<ShapedBatch, 'out'>;
  /**
   * The source batch without its records: what was read is not held while the batch is
   * sent. Hundreds of thousands of source records alive through each send made the
   * garbage collector's young-generation copies most of a replay's GC time.
   */
  read: Omit<SourceBatch, 'records'>;
}

/** Filters and shapes one batch; the job's counts are not touched until the batch is acknowledged. */
function prepare(batch: SourceBatch, matches: (s: SourceRecord) => boolean, settings: ShapeSettings): Prepared {
  const shaped = shapeBatch(batch, matches, settings);
  const out = new Map<string, OutgoingRecord[]>();
  for (const o of shaped.out) {
    let list = out.get(o.topic);
    if (!list) out.set(o.topic, (list = []));
    list.push(o.record);
  }
  const { records: _records, ...read } = batch;
  return { out, outCount: shaped.out.length, counted: { read: shaped.read, matched: shaped.matched, skipped: shaped.skipped }, read };
}

/**
 * Runs one job from its checkpoint until the plan is read, or until pause or cancel asks
 * it to stop. Per batch: read, filter, shape, pace, mark in flight, send (acks=all,
 * idempotent), then write counts and checkpoint together. A crash between the send and the
 * checkpoint re-sends that batch on resume, and only that batch.
 *
 * Three batches move at once: while one is sent, the next is filtered and shaped and the
 * one after is read. Only one is ever in flight, so the crash rule above holds.
 */
export async function runJob(job: StoredJob, control: RunControl, deps: RunnerDeps): Promise<void> {
  const { store, reader, writer, owner } = deps;
  const matches = compileFilter(job.selection.filters);
  const shapeSettings = shapeSettingsFor(job.id, job.target, job.options);
  const pacer = createPacer(job.options.ratePerSecond);
  const sent = createRateMeter();
  const progressed = createRateMeter();
  const counts: ReplayCounts = { ...job.counts, skipped: { ...job.counts.skipped } };
  let current = job;
  const live = () => ({ rate: sent.perSecond(), progressRate: progressed.perSecond() });

  /** Sends one prepared batch and saves its counts and checkpoint; false when the job failed or is no longer ours. */
  async function commit(p: Prepared): Promise<boolean> {
    const batch = p.read;
    if (p.outCount > 0) {
      try {
        await writer.send([...p.out].map(([topic, records]) => ({ topic, records })));
      } catch (err) {
        const message = (err as Error).message;
        deps.log.warn('replay batch failed', { job: job.id, error: message });
        await store.transition(job.id, ['running'], 'failed', { error: message, failed: counts.failed + p.outCount, owner });
        // Nothing of the failed batch is counted as sent; resuming re-reads it from the checkpoint.
        const failedJob = await store.get(job.id);
        if (failedJob) deps.onProgress(failedJob, live());
        return false;
      }
      sent.add(p.outCount);
    }
    counts.read += p.counted.read;
    counts.matched += p.counted.matched;
    counts.sent += p.outCount;
    addSkipped(counts.skipped, p.counted.skipped);
    progressed.add(batch.covered);
    const leaseUntil = await store.saveProgress(job.id, owner, counts, batch.checkpoint);
    if (!leaseUntil) {
      deps.log.warn('replay job taken over by another server; this one stops', { job: job.id });
      return false;
    }
    current = { ...current, counts: { ...counts, skipped: { ...counts.skipped } }, checkpoint: batch.checkpoint, inFlight: 0, updatedAt: new Date(), leaseUntil };
    deps.onProgress(current, live());
    if (batch.missing > 0) await deps.onSourceGone?.(current, { count: batch.missing, range: batch.gone });
    return true;
  }

  const source = readSource(reader, job.plan, job.checkpoint, batchSizeFor(job.options.ratePerSecond), { parallel: READ_PARALLEL });
  let ahead = source.next();
  ahead.catch(() => undefined); // awaited below; a stop must not leave it unhandled
  /** The next batch read and shaped, the one after it on its way; null at the end or when asked to stop. */
  async function nextPrepared(): Promise<Prepared | null> {
    const step = await ahead;
    if (step.done || control.stopRequested) return null;
    ahead = source.next();
    ahead.catch(() => undefined);
    // Shaped in a frame of its own, so the loop below holds no source records across its waits.
    return prepare(step.value, matches, shapeSettings);
  }

  let sending: Promise<boolean> = Promise.resolve(true);
  for (;;) {
    const prepared = await nextPrepared();
    if (!prepared) break;
    if (!(await sending)) return;
    if (control.stopRequested) return;
    if (prepared.outCount > 0) {
      let wait = pacer.delayFor(prepared.outCount);
      while (wait > 0) {
        if (control.stopRequested) return;
        const slice = Math.min(wait, WAIT_SLICE_MS);
        await sleep(slice);
        wait -= slice;
      }
      // Paused, cancelled or taken over since: this batch is not ours to send.
      if (!(await store.markInFlight(job.id, owner, prepared.outCount))) return;
    }
    sending = commit(prepared);
    sending.catch(() => undefined); // awaited on the next turn or below
  }
  if (!(await sending) || control.stopRequested) return;
  await store.transition(job.id, ['running'], 'completed', { owner });
  const done = await store.get(job.id);
  if (done) deps.onProgress(done, live());
}
