import { z } from 'zod';
import type { PayloadSchema } from './trace-types';

/** Records above which the operator types the target topic's name to confirm. */
export const CONFIRM_ABOVE = 1_000;
/** Records a dry run shows as they would be sent. */
export const PREVIEW_SAMPLE = 20;
/** A replayed record is refused once its x-eventline-replay-count reaches this (no replay loops). */
export const DEFAULT_REPLAY_LIMIT = 3;
export const DEFAULT_RATE_PER_SECOND = 1_000;
/** Records one replay from a picked list may name (a trace, a selection in the browser). */
export const MAX_PICKED_RECORDS = 10_000;

export const REPLAY_HEADERS = {
  id: 'x-eventline-replay-id',
  of: 'x-eventline-replay-of',
  count: 'x-eventline-replay-count',
} as const;

const topicName = z.string().regex(/^[a-zA-Z0-9._-]{1,249}$/, 'use 1 to 249 letters, digits, ".", "_" or "-"');
const offset = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const partition = z.number().int().min(0).max(1_000_000);
const epochMs = z.number().int().min(0).max(8_640_000_000_000_000);

export const replayFiltersSchema = z
  .object({
    keyEquals: z.string().max(4096).optional(),
    keyPrefix: z.string().max(4096).optional(),
    header: z.object({ name: z.string().min(1).max(256), value: z.string().max(4096) }).optional(),
    eventType: z.string().min(1).max(512).optional(),
    correlationId: z.string().min(1).max(512).optional(),
    /** CEL over {key, value, headers, topic, partition, offset, timestamp}. */
    cel: z.string().min(1).max(4096).optional(),
    /** Dead-letter fields, as the grouped dead-letter view picks a group. */
    deadLetter: z
      .object({
        originalTopic: z.string().max(249).optional(),
        consumerGroup: z.string().max(512).optional(),
        exceptionMessage: z.string().max(4096).optional(),
      })
      .optional(),
  })
  .strict();
export type ReplayFilters = z.output<typeof replayFiltersSchema>;

/** A topic's partitions between offsets or times (each end optional: the log's start and end). */
export const rangeSelectionSchema = z.object({
  kind: z.literal('range'),
  topic: topicName,
  /** All partitions when absent. */
  partitions: z.array(partition).min(1).max(10_000).optional(),
  /** Offsets apply to every chosen partition: mostly useful with one partition. */
  fromOffset: offset.optional(),
  /** Exclusive. */
  toOffset: offset.optional(),
  fromTime: epochMs.optional(),
  /** Exclusive. */
  toTime: epochMs.optional(),
  filters: replayFiltersSchema.default({}),
});

/** Records picked one by one (in the browser, or a trace's events), re-sent in this order. */
export const pickedSelectionSchema = z.object({
  kind: z.literal('records'),
  records: z.array(z.object({ topic: topicName, partition, offset })).min(1).max(MAX_PICKED_RECORDS),
  filters: replayFiltersSchema.default({}),
});

export const replaySelectionSchema = z.discriminatedUnion('kind', [rangeSelectionSchema, pickedSelectionSchema]);
export type ReplaySelection = z.output<typeof replaySelectionSchema>;

export const replayTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('topic'), topic: topicName }),
  /** Back where each record came from, read from its dead-letter headers. */
  z.object({ kind: z.literal('origin') }),
  /** Each record to the topic it was read from (a trace's events, each to its own topic). */
  z.object({ kind: z.literal('source') }),
]);
export type ReplayTarget = z.output<typeof replayTargetSchema>;

export const replayOptionsSchema = z.object({
  /** Leave out Spring, Connect and demo dead-letter headers. Default: on for origin targets. */
  dropDeadLetterHeaders: z.boolean().optional(),
  /** Stamp records with the time of sending instead of their own timestamp. */
  newTimestamp: z.boolean().default(false),
  /** `key`: the key picks the partition (default); `source`: the source (or original) partition. */
  partitioning: z.enum(['key', 'source']).default('key'),
  /** Refuse records already replayed this many times. */
  replayLimit: z.number().int().min(1).max(1_000).default(DEFAULT_REPLAY_LIMIT),
  /** Messages per second; 0 = as fast as the cluster takes them. */
  ratePerSecond: z.number().int().min(0).max(1_000_000).default(DEFAULT_RATE_PER_SECOND),
});
export type ReplayOptions = z.output<typeof replayOptionsSchema>;

export const replayRequestSchema = z.object({
  selection: replaySelectionSchema,
  target: replayTargetSchema,
  options: replayOptionsSchema.default({ newTimestamp: false, partitioning: 'key', replayLimit: DEFAULT_REPLAY_LIMIT, ratePerSecond: DEFAULT_RATE_PER_SECOND }),
  /** Above CONFIRM_ABOVE records: the target's name, typed by the operator (see confirmationName). */
  confirmTarget: z.string().max(249).optional(),
});
export type ReplayRequest = z.input<typeof replayRequestSchema>;
export type ParsedReplayRequest = z.output<typeof replayRequestSchema>;

/** What the operator types to confirm a large replay: the topic records go to. */
export function confirmationName(req: Pick<ParsedReplayRequest, 'selection' | 'target'>): string {
  if (req.target.kind === 'topic') return req.target.topic;
  const source = req.selection.kind === 'range' ? req.selection.topic : req.selection.records[0]!.topic;
  if (req.target.kind === 'source') return source;
  const origin = req.selection.filters.deadLetter?.originalTopic;
  if (origin) return origin;
  // Origin without one named original topic: the dead-letter topic being drained.
  return source;
}

export type ReplayState = 'running' | 'paused' | 'completed' | 'cancelled' | 'failed';
export const FINISHED_STATES: readonly ReplayState[] = ['completed', 'cancelled', 'failed'];

/** Why a record was read and matched but not sent. */
export type SkipReason = 'replay-limit' | 'no-origin' | 'no-origin-partition' | 'source-gone';

export interface ReplayCounts {
  read: number;
  matched: number;
  sent: number;
  failed: number;
  skipped: Partial<Record<SkipReason, number>>;
}

export interface ReplayJobView {
  id: string;
  state: ReplayState;
  selection: ReplaySelection;
  target: ReplayTarget;
  options: ReplayOptions;
  /** Source records the job will read at most (its plan). */
  total: number;
  /** Source offsets passed so far (out of total). */
  progressed: number;
  counts: ReplayCounts;
  /** Copies the target may hold twice: the batches in flight when the server stopped uncleanly. */
  possibleDuplicates: number;
  /** Messages per second over the last few seconds. */
  rate: number;
  /** Seconds left at the current rate, or null. */
  etaSeconds: number | null;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
  error: string | null;
  /** Who paused, resumed or cancelled, last. */
  lastActionBy: string | null;
  /**
   * The server process running the job (host:pid:id), or the last one that ran it; null
   * while no server holds it (let go by a clean stop, until another takes it).
   */
  claimedBy: string | null;
  /** Until when that server's claim holds unless it renews it (the database's clock); past it, another server takes the job over. */
  leaseUntil: string | null;
}

/** One record of a dry run, as it would be sent. */
export interface ReplayPreviewRecord {
  source: { topic: string; partition: number; offset: number };
  target: { topic: string; partition: number | null };
  key: string | null;
  value: string | null;
  headers: { key: string; value: string | null }[];
  timestamp: number;
  /** Set when the key or value is registry-encoded: shown decoded with this schema, or as hex with why not. */
  schema?: PayloadSchema;
}

export interface ReplayPreview {
  total: number;
  counts: ReplayCounts;
  /** Matched records per target topic. */
  perTarget: Record<string, number>;
  sample: ReplayPreviewRecord[];
  /** True when the dry run stopped at its read cap: counts are a lower bound. */
  partial: boolean;
  confirmationName: string;
  confirmationNeeded: boolean;
}

/** Live progress, rooms `replays` (every job) and `replay:<id>`. */
export type ReplayProgressEvent = ReplayJobView;

/** Records of a dead-letter topic that share an origin, a failing group and an error. */
export interface DeadLetterGroup {
  originalTopic: string | null;
  consumerGroup: string | null;
  exceptionMessage: string | null;
  exceptionClass: string | null;
  family: string | null;
  count: number;
  /** Epoch ms of the oldest and newest record in the group. */
  firstSeen: number;
  lastSeen: number;
}

export interface DeadLetterSummary {
  topic: string;
  groups: DeadLetterGroup[];
  /** Records read; true partial when the read stopped at its cap. */
  read: number;
  partial: boolean;
}
