import { PREVIEW_SAMPLE, type ParsedReplayRequest, type ReplayCounts, type ReplayPreviewRecord } from '../../lib/replay-types';
import type { OutgoingRecord, RecordReader } from '../kafka';
import { initialCheckpoint, readSource } from './read-source';
import { compileFilter } from './record-filter';
import { addSkipped, shapeBatch, shapeSettingsFor } from './shape-record';
import type { ReplayPlan, SourceRecord } from './types';

/** Records a dry run reads at most; past it the counts are a lower bound and say so. */
export const DRY_RUN_READ_CAP = 500_000;
/** Characters of a key or value shown per sample record. */
const SAMPLE_TEXT = 2_000;

export interface DryRunResult {
  counts: ReplayCounts;
  perTarget: Record<string, number>;
  sample: ReplayPreviewRecord[];
  partial: boolean;
}

/** Runs the job's read, filter and shaping over its plan without sending anything. */
export async function dryRun(reader: RecordReader, plan: ReplayPlan, req: ParsedReplayRequest, readCap = DRY_RUN_READ_CAP): Promise<DryRunResult> {
  const matches = compileFilter(req.selection.filters);
  const settings = shapeSettingsFor('dry-run', req.target, req.options);
  const counts: ReplayCounts = { read: 0, matched: 0, sent: 0, failed: 0, skipped: {} };
  const perTarget: Record<string, number> = {};
  const sample: ReplayPreviewRecord[] = [];
  let partial = false;
  for await (const batch of readSource(reader, plan, initialCheckpoint(plan), 2_000)) {
    const shaped = shapeBatch(batch, matches, settings);
    counts.read += shaped.read;
    counts.matched += shaped.matched;
    addSkipped(counts.skipped, shaped.skipped);
    for (const o of shaped.out) {
      perTarget[o.topic] = (perTarget[o.topic] ?? 0) + 1;
      if (sample.length < PREVIEW_SAMPLE) sample.push(previewOf(o.source, o.topic, o.record));
    }
    if (counts.read >= readCap) {
      partial = true;
      break;
    }
  }
  return { counts, perTarget, sample, partial };
}

const text = (b: Buffer | null) => (b === null ? null : b.toString('utf8').slice(0, SAMPLE_TEXT));

function previewOf(s: SourceRecord, topic: string, r: OutgoingRecord): ReplayPreviewRecord {
  return {
    source: { topic: s.topic, partition: s.record.partition, offset: s.record.offset },
    target: { topic, partition: r.partition ?? null },
    key: text(r.key),
    value: text(r.value),
    headers: r.headers.map((h) => ({ key: h.key, value: text(h.value) })),
    timestamp: r.timestamp ?? Date.now(),
  };
}
