import type { ReplayCounts } from '../../lib/replay-types';
import type { OutgoingRecord, RecordReader, RecordWriter } from '../kafka';
import type { Logger } from '../log/logger';
import type { JobStore, StoredJob } from './job-store';
import { readSource } from './read-source';
import { compileFilter } from './record-filter';
import { shapeRecord } from './shape-record';
import { createPacer, createRateMeter } from './token-bucket';

/** Records read per batch with no rate limit: 5 MB of 1 KB records, one checkpoint (two small writes) each. */
const UNLIMITED_BATCH = 5_000;
/** With a rate, a batch is about a fifth of a second's worth, so pacing stays smooth. */
const batchSizeFor = (rate: number) => (rate <= 0 ? UNLIMITED_BATCH : Math.max(1, Math.min(UNLIMITED_BATCH, Math.round(rate / 5))));
/** A paced wait is cut into slices this long, so pause and cancel are felt at once. */
const WAIT_SLICE_MS = 100;

export interface RunControl {
  /** Set by pause or cancel: the runner stops after its current batch. */
  stopRequested: boolean;
}

export interface RunnerDeps {
  store: JobStore;
  reader: RecordReader;
  writer: RecordWriter;
  log: Logger;
  /** Called after each batch and at the end, with the live rates. */
  onProgress: (job: StoredJob, live: { rate: number; progressRate: number }) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs one job from its checkpoint until the plan is read, or until pause or cancel asks
 * it to stop. Per batch: read, filter, shape, pace, mark in flight, send (acks=all,
 * idempotent), then write counts and checkpoint together. A crash between the send and the
 * checkpoint re-sends that batch on resume, and only that batch.
 */
export async function runJob(job: StoredJob, control: RunControl, deps: RunnerDeps): Promise<void> {
  const { store, reader, writer } = deps;
  const matches = compileFilter(job.selection.filters);
  const shapeSettings = {
    jobId: job.id,
    target: job.target,
    options: job.options,
    dropDeadLetterHeaders: job.options.dropDeadLetterHeaders ?? job.target.kind === 'origin',
  };
  const pacer = createPacer(job.options.ratePerSecond);
  const sent = createRateMeter();
  const progressed = createRateMeter();
  const counts: ReplayCounts = { ...job.counts, skipped: { ...job.counts.skipped } };
  let current = job;
  const live = () => ({ rate: sent.perSecond(), progressRate: progressed.perSecond() });

  // The next batch is read while this one is filtered and sent: reading and sending overlap.
  const source = readSource(reader, job.plan, job.checkpoint, batchSizeFor(job.options.ratePerSecond));
  let ahead = source.next();
  ahead.catch(() => undefined); // awaited below; a stop must not leave it unhandled
  for (;;) {
    const step = await ahead;
    if (step.done) break;
    const batch = step.value;
    if (control.stopRequested) return;
    ahead = source.next();
    ahead.catch(() => undefined);
    const out = new Map<string, OutgoingRecord[]>();
    let outCount = 0;
    counts.read += batch.records.length;
    if (batch.missing) counts.skipped['source-gone'] = (counts.skipped['source-gone'] ?? 0) + batch.missing;
    for (const s of batch.records) {
      if (!matches(s)) continue;
      counts.matched += 1;
      const shaped = shapeRecord(s, shapeSettings);
      if ('skip' in shaped) {
        counts.skipped[shaped.skip] = (counts.skipped[shaped.skip] ?? 0) + 1;
        continue;
      }
      const list = out.get(shaped.topic) ?? [];
      list.push(shaped.record);
      out.set(shaped.topic, list);
      outCount += 1;
    }
    if (outCount > 0) {
      let wait = pacer.delayFor(outCount);
      while (wait > 0) {
        if (control.stopRequested) return;
        const slice = Math.min(wait, WAIT_SLICE_MS);
        await sleep(slice);
        wait -= slice;
      }
      await store.markInFlight(job.id, outCount);
      try {
        await writer.send([...out].map(([topic, records]) => ({ topic, records })));
      } catch (err) {
        const message = (err as Error).message;
        deps.log.warn('replay batch failed', { job: job.id, error: message });
        await store.transition(job.id, ['running'], 'failed', { error: message, failed: counts.failed + outCount });
        // Nothing of the failed batch is counted as sent; resuming re-reads it from the checkpoint.
        const failedJob = await store.get(job.id);
        if (failedJob) deps.onProgress(failedJob, live());
        return;
      }
      counts.sent += outCount;
      sent.add(outCount);
    }
    progressed.add(batch.covered);
    await store.saveProgress(job.id, counts, batch.checkpoint);
    current = { ...current, counts: { ...counts, skipped: { ...counts.skipped } }, checkpoint: batch.checkpoint, inFlight: 0, updatedAt: new Date() };
    deps.onProgress(current, live());
  }
  if (control.stopRequested) return;
  await store.transition(job.id, ['running'], 'completed');
  const done = await store.get(job.id);
  if (done) deps.onProgress(done, live());
}
