import type { TimeLagMethod } from '../../lib/lag-types';
import type { KafkaService, RecordPeek, RecordPeekRequest } from '../kafka';
import type { Logger } from '../log/logger';
import { fmt } from './evaluate-status';
import type { PartitionRow } from './partition-rows';

/** Timestamps of records are immutable: cache them per (topic, partition, offset). */
const TIME_CACHE_MAX = 200_000;

/**
 * Lag in seconds: now − timestamp of the first unread record. Records at the read
 * position are peeked in one batch (cached per offset); a position holding only
 * transaction markers (or aborted records) up to the log end counts as caught up.
 */
export function createTimeLagReader(opts: { kafka: Pick<KafkaService, 'peekRecords'>; log: Logger }) {
  const timeCache = new Map<string, { ts: number; exact: boolean }>();

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
    // exact: the record at the read position itself (not a later one, the first being compacted away).
    if (peek?.first) timeCache.set(key, { ts: peek.first.timestamp, exact: peek.first.offset === r.readFrom });
    const cached = timeCache.get(key);
    if (cached !== undefined) {
      r.p.lagSeconds = Math.max(0, (at - cached.ts) / 1000);
      const method: TimeLagMethod = cached.exact && r.readFrom === r.p.committed ? 'exact' : 'next-record';
      r.p.timeLagMethod = method;
      if (method === 'next-record' && !r.p.note) r.p.note = 'the record at the committed offset is gone (compaction): measured from the next record that exists';
      else if (method === 'next-record') r.p.note += '; lag in seconds measured from the oldest record left';
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

function cacheKey(topic: string, partition: number, offset: number) {
  return `${topic}\u0000${partition}\u0000${offset}`;
}
