import { DEFAULT_RATE_PER_SECOND, DEFAULT_REPLAY_LIMIT, type ReplayFilters, type ReplayRequest, type ReplaySelection, type ReplayTarget } from '@/lib/replay-types';

/** The replay dialog's fields, as the inputs hold them (text). */
export interface ReplayFormFields {
  targetKind: ReplayTarget['kind'];
  targetTopic: string;
  keyPrefix: string;
  headerName: string;
  headerValue: string;
  eventType: string;
  correlationId: string;
  cel: string;
  rate: string;
  replayLimit: string;
  partitioning: 'key' | 'source';
  newTimestamp: boolean;
  dropDeadLetterHeaders: boolean;
}

export function initialFields(target: ReplayTarget): ReplayFormFields {
  return {
    targetKind: target.kind,
    targetTopic: target.kind === 'topic' ? target.topic : '',
    keyPrefix: '',
    headerName: '',
    headerValue: '',
    eventType: '',
    correlationId: '',
    cel: '',
    rate: String(DEFAULT_RATE_PER_SECOND),
    replayLimit: String(DEFAULT_REPLAY_LIMIT),
    partitioning: 'key',
    newTimestamp: false,
    dropDeadLetterHeaders: target.kind === 'origin',
  };
}

const text = (s: string) => (s.trim() === '' ? undefined : s.trim());

/**
 * The request the fields describe, over the selection the dialog was opened with (whose
 * own filters, e.g. a dead-letter group's, are kept). The server validates it with the
 * same zod schema (lib/replay-types).
 */
export function requestOf(base: ReplaySelection, f: ReplayFormFields, confirmTarget?: string): ReplayRequest {
  const filters: ReplayFilters = { ...base.filters };
  if (text(f.keyPrefix)) filters.keyPrefix = f.keyPrefix.trim();
  if (text(f.headerName)) filters.header = { name: f.headerName.trim(), value: f.headerValue };
  if (text(f.eventType)) filters.eventType = f.eventType.trim();
  if (text(f.correlationId)) filters.correlationId = f.correlationId.trim();
  if (text(f.cel)) filters.cel = f.cel.trim();
  const target: ReplayTarget = f.targetKind === 'topic' ? { kind: 'topic', topic: f.targetTopic.trim() } : { kind: f.targetKind };
  return {
    selection: { ...base, filters },
    target,
    options: {
      ratePerSecond: Number(f.rate),
      replayLimit: Number(f.replayLimit),
      partitioning: f.partitioning,
      newTimestamp: f.newTimestamp,
      dropDeadLetterHeaders: f.dropDeadLetterHeaders,
    },
    confirmTarget,
  };
}
