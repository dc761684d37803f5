// The traces API contract, shared by server/traces and components/traces.
import { z } from 'zod';
import type { CopyWriter } from './copy-writer';
import type { SchemaRef } from './message-types';

export interface TraceSummary {
  correlationId: string;
  firstAt: string;
  lastAt: string;
  durationMs: number;
  eventCount: number;
  topics: string[];
  services: string[];
  types: string[];
  /** Touched a dead-letter topic, or one of its events had a problem. */
  hasErrors: boolean;
  touchedRetry: boolean;
}

/** One event of a trace, without its payload and headers (those come with the drawer). */
export interface TraceEvent {
  /** Row id in the store. */
  id: string;
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
  key: string | null;
  eventId: string;
  eventType: string | null;
  eventVersion: string | null;
  source: string | null;
  correlationId: string | null;
  causationId: string | null;
  /**
   * Which id convention gave each id found (`eventId`, `correlationId`, `causationId`,
   * `eventType`, `eventVersion`, `source`, and `deadLetterOf`), e.g. `{ correlationId: 'w3c-traceparent' }`.
   */
  idSources: Record<string, string>;
  /** `topic/partition/offset` of the original record, when this event is a dead-letter copy. */
  deadLetterOf: string | null;
  /** A retry or dead-letter copy: who wrote it (its `source` is the origin it kept). */
  writer: CopyWriter | null;
  size: number;
  problems: string[];
  /** A replayed copy: `topic/partition/offset` of the record it re-sends (x-eventline-replay-of). */
  replayOf?: string | null;
  /** The replay job that sent it (x-eventline-replay-id). */
  replayJobId?: string | null;
}

/** Who replayed events of a trace, and when: one entry per replay job seen in it. */
export interface TraceReplay {
  jobId: string;
  createdBy: string;
  createdAt: string;
  events: number;
}

export interface TraceEventDetail extends TraceEvent {
  headers: Record<string, string>;
  payloadEncoding: 'utf8' | 'json' | 'base64' | 'none';
  payloadPreview: string | null;
  payloadHash: string | null;
  /** Set when the value or key was in the schema registry's wire format. */
  payloadSchema: PayloadSchema | null;
}

/** A registry-encoded payload as stored: decoded with this schema, or not, and why. */
export type StoredSchema = SchemaRef | { id: number; error: string };

/** `events.payload_schema`: the schemas of a registry-encoded value and key. */
export interface PayloadSchema {
  value?: StoredSchema;
  key?: StoredSchema;
}

/** Most events a trace page loads; a bigger trace says so (`truncated`). */
export const TRACE_EVENTS_MAX = 20_000;

/**
 * When one consumer group picked up one event: the first recorded commit past the event,
 * else, from the lag history, the first sample whose committed offset (the next offset the
 * group will read) is past the event.
 * - `picked`: between `afterAt` (last sample still before it) and `at` (first sample past it),
 *   or, from a commit, by `at` (the first commit past it), after `afterAt` (the commit before, or the event);
 * - `estimated`: raw samples of that time are pruned; the 1-minute rollups say it was read
 *   by `at`, within the minute starting at `afterAt`;
 * - `waiting`: not yet picked up as of `at` (the group's latest sample, or latest commit without samples);
 * - `unknown`: picked up before `at`, but no lag history covers the time before.
 */
export interface EventPickup {
  groupId: string;
  state: 'picked' | 'estimated' | 'waiting' | 'unknown';
  at: string;
  afterAt: string | null;
  /** 'commit': the coordinator's time of the first commit past the event (to the ms); else the lag poll's. */
  source: 'commit' | 'lag-sample';
}

export interface TraceDetail {
  summary: TraceSummary;
  events: TraceEvent[];
  truncated: boolean;
  /** Per event row id, one entry per consumer group with lag history on its partition. */
  pickups: Record<string, EventPickup[]>;
  /** Replay jobs whose copies are in this trace (empty when none). */
  replays: TraceReplay[];
}

export const traceSearchSchema = z.object({
  /** A correlation id, an event id or a record key. */
  q: z.string().trim().max(512).optional(),
  type: z.string().trim().max(512).optional(),
  topic: z.string().trim().max(512).optional(),
  service: z.string().trim().max(512).optional(),
  /** ISO times bounding the trace's last event. */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  errors: z.enum(['true', 'false']).optional(),
  cursor: z.string().max(1024).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TraceSearch = z.input<typeof traceSearchSchema>;

export interface TracePage {
  traces: TraceSummary[];
  /** Pass back as `cursor` for the next page; null on the last. */
  nextCursor: string | null;
}

/** A partition the collector has paused because its next record batch cannot be decoded. */
export interface WaitingPartition {
  topic: string;
  partition: number;
  /** First offset of the undecodable batch (or the partition's position when the batch header was unreadable). */
  offset: string;
  reason: string;
  since: string;
  /** When the collector reads the batch again to see whether it can go on. */
  nextCheckAt: string;
}

/**
 * running: the consumer is in its group and reading. restarting: it crashed and a new one
 * starts at `restart.nextTryAt`. stopped: not started, or stopped on purpose.
 */
export type CollectorState = 'running' | 'restarting' | 'stopped';

export interface CollectorHealth {
  /** True only in state "running". */
  running: boolean;
  state: CollectorState;
  /** Why and when the consumer restarts; null unless restarting. */
  restart: { reason: string; attempt: number; nextTryAt: string } | null;
  /** Partitions waiting on an undecodable batch; the others go on. */
  waitingPartitions: WaitingPartition[];
  /** Undecodable batches found since the start (each pauses its partition). */
  undecodableBatches: number;
  groupId: string;
  topics: string[];
  /** Events stored per second over the last 10 s. */
  eventsPerSecond: number;
  eventsStored: number;
  /** Records refused as already stored (the unique key or the position check). */
  duplicatesSkipped: number;
  batches: number;
  lastBatch: { size: number; ms: number; at: string } | null;
  /** Records stored with a problem, by problem. */
  problems: Record<string, number>;
  /** Batches that failed to write (retried by Kafka redelivery). */
  writeErrors: number;
  lastError: string | null;
  lag: { topic: string; lag: number }[];
}
