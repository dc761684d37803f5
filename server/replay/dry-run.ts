import { PREVIEW_SAMPLE, type ParsedReplayRequest, type ReplayCounts, type ReplayPreviewRecord } from '../../lib/replay-types';
import type { OutgoingRecord, RecordReader } from '../kafka';
import { stringifyDecoded, type SchemaDecoder, type WireDecodeResult } from '../catalog';
import { hexPreview } from '../messages/decode-bytes';
import type { PayloadSchema } from '../../lib/trace-types';
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

/**
 * Runs the job's read, filter and shaping over its plan without sending anything. The
 * sample's registry-encoded keys and values are shown decoded (`decoder`), with their schema;
 * the records sent are the bytes as read, whatever the preview shows.
 */
export async function dryRun(
  reader: RecordReader,
  plan: ReplayPlan,
  req: ParsedReplayRequest,
  readCap = DRY_RUN_READ_CAP,
  decoder: SchemaDecoder | null = null,
): Promise<DryRunResult> {
  const matches = compileFilter(req.selection.filters);
  const settings = shapeSettingsFor('dry-run', req.target, req.options);
  const counts: ReplayCounts = { read: 0, matched: 0, sent: 0, failed: 0, skipped: {} };
  const perTarget: Record<string, number> = {};
  const sample: { source: SourceRecord; topic: string; record: OutgoingRecord }[] = [];
  let partial = false;
  for await (const batch of readSource(reader, plan, initialCheckpoint(plan), 2_000)) {
    const shaped = shapeBatch(batch, matches, settings);
    counts.read += shaped.read;
    counts.matched += shaped.matched;
    addSkipped(counts.skipped, shaped.skipped);
    for (const o of shaped.out) {
      perTarget[o.topic] = (perTarget[o.topic] ?? 0) + 1;
      if (sample.length < PREVIEW_SAMPLE) sample.push({ source: o.source, topic: o.topic, record: o.record });
    }
    if (counts.read >= readCap) {
      partial = true;
      break;
    }
  }
  return { counts, perTarget, sample: await previewsOf(sample, decoder), partial };
}

const text = (b: Buffer | string | null) => (b === null ? null : (typeof b === 'string' ? b : b.toString('utf8')).slice(0, SAMPLE_TEXT));

/** The sample as shown: registry-encoded keys and values decoded in one batch of lookups. */
async function previewsOf(sample: { source: SourceRecord; topic: string; record: OutgoingRecord }[], decoder: SchemaDecoder | null): Promise<ReplayPreviewRecord[]> {
  const decoded = decoder ? await decoder.decodeAll(sample.flatMap(({ record }) => [record.value, record.key])) : [];
  return sample.map(({ source: s, topic, record: r }, i) => {
    const value = shown(r.value, decoded[2 * i] ?? null);
    const key = shown(r.key, decoded[2 * i + 1] ?? null);
    const schema: PayloadSchema = { ...(value.schema ? { value: value.schema } : {}), ...(key.schema ? { key: key.schema } : {}) };
    return {
      source: { topic: s.topic, partition: s.record.partition, offset: s.record.offset },
      target: { topic, partition: r.partition ?? null },
      key: key.text,
      value: value.text,
      headers: r.headers.map((h) => ({ key: h.key, value: text(h.value) })),
      timestamp: r.timestamp ?? Date.now(),
      ...(value.schema || key.schema ? { schema } : {}),
    };
  });
}

/** Decoded JSON with its schema; bytes that should have decoded and did not, as hex with the reason. */
function shown(bytes: Buffer | null, result: WireDecodeResult | null): { text: string | null; schema?: PayloadSchema['value'] } {
  if (result === null || bytes === null) return { text: text(bytes) };
  if (result.ok) {
    const json = typeof result.value === 'string' ? result.value : stringifyDecoded(result.value, undefined);
    return { text: (json ?? 'null').slice(0, SAMPLE_TEXT), schema: result.schema };
  }
  return { text: hexPreview(bytes.subarray(0, Math.floor(SAMPLE_TEXT / 3))), schema: { id: result.schemaId, error: result.reason } };
}
