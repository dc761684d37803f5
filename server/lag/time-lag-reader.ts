import type { TimeLagMethod } from '../../lib/lag-types';
import type { KafkaService, RecordPeek, RecordPeekRequest } from '../kafka';
import type { Logger } from '../log/logger';
import { fmt } from './evaluate-status';
import type { PartitionRow } from './partition-rows';

/** Timestamps of records are immutable: cache them per (topic, partition, offset). */
const TIME_CACHE_MAX = 200_000;

/** The timestamp used for a read position, and what stood at the position itself. */
interface PositionTime {
  ts: number;
  /** Offset of the record the timestamp is from. */
  from: number;
  at: RecordPeek['atOffset'];
}

/**
 * Lag in seconds: now − timestamp of the first unread record. Records at the read
 * position are peeked in one batch (cached per offset); a position holding only
 * transaction markers (or aborted records) up to the log end counts as caught up.
 */
export function createTimeLagReader(opts: { kafka: Pick<KafkaService, 'peekRecords'>; log: Logger }) {
  const timeCache = new Map<string, PositionTime>();

  async function peek(need: PartitionRow[]): Promise<Map<string, RecordPeek>> {
    const requests: RecordPeekRequest[] = [];
    // Many groups read the same partitions: one peek per (topic, partition, offset).
    const asked = new Set<string>();
    for (const r of need) {
      const key = cacheKey(r.p.topic, r.p.partition, r.readFrom!);
      if (timeCache.has(key) || asked.has(key)) continue;
      asked.add(key);
      requests.push({ topic: r.p.topic, partition: r.p.partition, offset: r.readFrom! });
    }
    const peeks = new Map<string, RecordPeek>();
    if (!requests.length) return peeks;
    try {
      for (const pk of await opts.kafka.peekRecords(requests)) peeks.set(cacheKey(pk.topic, pk.partition, pk.offset), pk);
    } catch (err) {
      opts.log.debug('record peek failed', { error: (err as Error).message });
    }
    return peeks;
  }

  function apply(r: PartitionRow, peek: RecordPeek | undefined, at: number) {
    const key = cacheKey(r.p.topic, r.p.partition, r.readFrom!);
    if (peek?.first) timeCache.set(key, { ts: peek.first.timestamp, from: peek.first.offset, at: peek.atOffset });
    const cached = timeCache.get(key);
    if (cached !== undefined) {
      r.p.lagSeconds = Math.max(0, (at - cached.ts) / 1000);
      const method: TimeLagMethod = cached.from === r.readFrom && r.readFrom === r.p.committed ? 'exact' : 'next-record';
      r.p.timeLagMethod = method;
      if (method === 'next-record') r.p.note = r.p.note ? `${r.p.note}; lag in seconds measured from the oldest record left` : nextRecordNote(r.readFrom!, cached);
      return;
    }
    if (peek && !peek.error && !peek.first && peek.lastSeenOffset !== null && r.p.logEnd !== null && peek.lastSeenOffset >= r.p.logEnd - 1) {
      r.p.note = `only transaction markers or aborted records between offset ${fmt(r.readFrom!)} and the log end: caught up (raw lag ${fmt(r.p.lag!)})`;
      r.p.lag = 0;
      r.p.lagSeconds = 0;
      r.p.timeLagMethod = 'markers-only';
      return;
    }
    r.p.timeLagMethod = 'unknown';
    if (peek?.error) r.p.note = `lag in seconds unknown: ${peek.error}`;
  }

  return {
    async fill(rows: PartitionRow[], at: number) {
      const need = rows.filter((r) => r.p.lag !== null && r.p.lag > 0 && r.readFrom !== null);
      const peeks = await peek(need);
      if (timeCache.size > TIME_CACHE_MAX) timeCache.clear();
      for (const r of need) apply(r, peeks.get(cacheKey(r.p.topic, r.p.partition, r.readFrom!)), at);
    },
  };
}

/** Why the record at the committed offset was not the one measured: only what the peek saw. */
export function nextRecordNote(offset: number, t: PositionTime): string {
  const measured = `lag in seconds measured from the next readable record, at offset ${fmt(t.from)}`;
  if (t.at === 'skipped') return `offset ${fmt(offset)} holds a transaction marker or an aborted record: ${measured}`;
  if (t.at === 'missing') return `no record at the committed offset ${fmt(offset)} (removed by compaction): ${measured}`;
  return `the record at the committed offset ${fmt(offset)} was not read: ${measured}`;
}

function cacheKey(topic: string, partition: number, offset: number) {
  return `${topic}\u0000${partition}\u0000${offset}`;
}
