import type { Kafka } from 'kafkajs';
import { lazyInternalCluster, translatedErrors } from './lazy-connection';
import { EARLIEST, LATEST, READ_COMMITTED, type FetchedMessage, type FetchedPartition, type InternalCluster } from './kafkajs-internals';
import type { EventlineError } from '../../lib/eventline-error';
import { findUndecodableBatch, KafkaRequestError, OffsetOutOfRangeError, TopicNotFoundError, type UndecodableBatchError } from './kafka-errors';
import { visitFetchedEntries } from './fetch-decoder';

export interface RawRecord {
  partition: number;
  offset: number;
  timestamp: number;
  timestampType: 'create' | 'log-append' | null;
  key: Buffer | null;
  value: Buffer | null;
  headers: { key: string; value: Buffer | null }[];
}

export interface RawPartitionRange {
  partition: number;
  logStart: number;
  logEnd: number;
}

/** Bytes asked per Fetch; the broker still returns a whole first batch when it is bigger. */
const FETCH_BYTES = 1024 * 1024;
/** How long readRange trusts a topic's leaders (an error forgets them at once). */
const LEADER_TTL_MS = 10_000;
/** Topics whose leaders are remembered at most. */
const MAX_CACHED_TOPICS = 1_000;
/** The smallest Fetch a big read (readRange's fetchBytes) sizes down to. */
const MIN_FETCH_BYTES = 64 * 1024;
/** Bytes of a record in a batch beyond its key, value and headers, roughly. */
const RECORD_OVERHEAD = 70;
/** Fetches one page may take: a page of 500 small records needs one or two. */
const MAX_FETCHES_PER_PAGE = 50;
/** Fetches one window of a newest-records read may take (a window is only wide where records are sparse). */
const MAX_FETCHES_PER_WINDOW = 200;
/** Record bytes one page holds at most (500 records of 2 MB would otherwise be 1 GB in memory). */
const PAGE_BYTES = 32 * 1024 * 1024;

/**
 * Reads records for the message browser straight from partition leaders with Fetch
 * requests (read_committed), through kafkajs's internal cluster like cluster-reader.
 * No consumer, so no consumer group is ever created in the cluster. Transaction
 * markers and aborted records are dropped here, so callers see only real records.
 */
export function createRecordReader(kafka: Kafka, brokers: string[]) {
  const cluster = lazyInternalCluster(kafka, { isolationLevel: READ_COMMITTED });

  const recentLeaders = new Map<string, { at: number; leaders: Map<number, number> }>();

  const guarded = <T>(topic: string, fn: (c: InternalCluster) => Promise<T>): Promise<T> =>
    translatedErrors(cluster, { brokers, topic }, async () => fn(await cluster.get())).catch((err: unknown) => {
      recentLeaders.delete(topic); // a moved leader shows as an error: ask again next time
      throw err;
    });

  /** partition → leader node id; TopicNotFoundError when the topic is not there. */
  async function leaders(c: InternalCluster, topic: string): Promise<Map<number, number>> {
    const meta = await c.metadata({ topics: [topic] });
    const t = meta.topicMetadata.find((m) => m.topic === topic);
    if (!t) throw new TopicNotFoundError(topic);
    return new Map(t.partitionMetadata.map((p) => [p.partitionId, p.leader]));
  }

  /**
   * Leaders as known a moment ago: a replay reads a partition in many Fetches, and asking
   * for metadata before each one doubled its round trips.
   */
  async function cachedLeaders(c: InternalCluster, topic: string): Promise<Map<number, number>> {
    const known = recentLeaders.get(topic);
    if (known && Date.now() - known.at < LEADER_TTL_MS) return known.leaders;
    const found = await leaders(c, topic);
    if (recentLeaders.size >= MAX_CACHED_TOPICS) recentLeaders.clear();
    recentLeaders.set(topic, { at: Date.now(), leaders: found });
    return found;
  }

  /** One ListOffsets per leader for every partition at `timestamp` (or EARLIEST / LATEST). */
  async function listOffsets(c: InternalCluster, topic: string, byPartition: Map<number, number>, timestamp: number) {
    const byLeader = new Map<number, number[]>();
    for (const [p, leader] of byPartition) byLeader.set(leader, [...(byLeader.get(leader) ?? []), p]);
    const out = new Map<number, number>();
    await Promise.all(
      [...byLeader].map(async ([leader, partitions]) => {
        const broker = await c.findBroker({ nodeId: String(leader) });
        const res = await broker.listOffsets({
          replicaId: -1,
          isolationLevel: READ_COMMITTED,
          topics: [{ topic, partitions: partitions.map((partition) => ({ partition, timestamp })) }],
        });
        for (const p of res.responses.flatMap((r) => r.partitions)) out.set(p.partition, Number(p.offset));
      }),
    );
    return out;
  }

  /** Every partition's readable range [logStart, logEnd), logEnd being the last stable offset. */
  async function partitionRanges(topic: string): Promise<RawPartitionRange[]> {
    return guarded(topic, async (c) => {
      const byPartition = await leaders(c, topic);
      const [starts, ends] = await Promise.all([listOffsets(c, topic, byPartition, EARLIEST), listOffsets(c, topic, byPartition, LATEST)]);
      return [...byPartition.keys()]
        .sort((a, b) => a - b)
        .map((partition) => ({ partition, logStart: starts.get(partition) ?? 0, logEnd: ends.get(partition) ?? 0 }));
    });
  }

  /** Per partition, the first offset whose timestamp is at or after `timestamp`, or null when none is. */
  async function offsetsForTimestamp(topic: string, partitions: number[], timestamp: number): Promise<Map<number, number | null>> {
    return guarded(topic, async (c) => {
      const all = await leaders(c, topic);
      const wanted = new Map([...all].filter(([p]) => partitions.includes(p)));
      const found = await listOffsets(c, topic, wanted, timestamp);
      return new Map(partitions.map((p) => [p, (found.get(p) ?? -1) < 0 ? null : found.get(p)!]));
    });
  }

  /**
   * Up to `limit` records of one partition with offsets in [from, end), oldest first:
   * the first ones, or with `newest` the last ones (the whole range is read, but only
   * `limit` records are held at a time).
   */
  async function readRange(topic: string, partition: number, from: number, end: number, limit: number, opts: { newest?: boolean; fetchBytes?: number } = {}): Promise<RawRecord[]> {
    if (from >= end || limit <= 0) return [];
    return guarded(topic, async (c) => {
      const leader = (await cachedLeaders(c, topic)).get(partition);
      if (leader === undefined || leader < 0) throw new KafkaRequestError(`Partition ${partition} of "${topic}" has no leader right now; try again shortly.`, true);
      const broker = await c.findBroker({ nodeId: String(leader) });
      const out: RawRecord[] = [];
      /** bytesOf(out), kept as records come and go: summing all of `out` after every Fetch was quadratic in a big read. */
      let bytes = 0;
      let position = from;
      let ask = opts.fetchBytes ?? FETCH_BYTES;
      const maxFetches = opts.newest ? MAX_FETCHES_PER_WINDOW : MAX_FETCHES_PER_PAGE;
      for (let i = 0; i < maxFetches && position < end && (opts.newest || out.length < limit); i++) {
        const res = await broker
          .fetch({
            replicaId: -1,
            isolationLevel: READ_COMMITTED,
            maxWaitTime: 0,
            minBytes: 0,
            maxBytes: ask,
            topics: [{ topic, partitions: [{ partition, fetchOffset: String(position), maxBytes: ask }] }],
          })
          .catch(async (err: unknown) => {
            if (isOffsetOutOfRange(err)) throw await outOfRange(c, topic, partition, leader, position);
            // The Fetch asked for this partition only, so the batch that failed is this partition's.
            throw findUndecodableBatch(err)?.at(topic, partition) ?? err;
          });
        const p = res.responses.find((r) => r.topicName === topic)?.partitions.find((x) => x.partition === partition);
        if (!p) throw new KafkaRequestError(`The broker sent no data for partition ${partition} of "${topic}"; try again.`, true);
        if (p.errorCode === OFFSET_OUT_OF_RANGE) throw await outOfRange(c, topic, partition, leader, position);
        if (p.errorCode) throw fetchError(p.errorCode, topic, partition, position);
        const had = out.length;
        const last = collect(p, partition, position, end, opts.newest ? Number.MAX_SAFE_INTEGER : limit - out.length, out);
        if (opts.newest) bytes = keepNewest(out, limit);
        else if ((bytes += bytesOf(out, had)) >= PAGE_BYTES) break; // a page of huge records ends early; the next page carries on
        if (last === null) break; // nothing more below the end: the rest is an open transaction or not written yet
        position = last + 1;
        // A big read asks next for about what the records still wanted take, so little is decoded only to be dropped.
        if (opts.fetchBytes && out.length) ask = Math.min(opts.fetchBytes, Math.max(MIN_FETCH_BYTES, Math.ceil((bytes / out.length + RECORD_OVERHEAD) * (limit - out.length) * 1.1)));
      }
      return out;
    });
  }

  /**
   * The partition's range now, as an OffsetOutOfRangeError: a reader (a replay) whose
   * position fell below the log start learns exactly where the log starts again.
   */
  async function outOfRange(c: InternalCluster, topic: string, partition: number, leader: number, position: number): Promise<OffsetOutOfRangeError> {
    const at = new Map([[partition, leader]]);
    const [starts, ends] = await Promise.all([listOffsets(c, topic, at, EARLIEST), listOffsets(c, topic, at, LATEST)]);
    return new OffsetOutOfRangeError(topic, partition, position, starts.get(partition) ?? 0, ends.get(partition) ?? 0);
  }

  /**
   * Whether the first Fetch a consumer would make at `offset` (the log start when null)
   * decodes: one Fetch of FETCH_BYTES, the same as kafkajs's
   * default maxBytesPerPartition, so it covers exactly what the consumer asked for.
   * Returns the UndecodableBatchError (with topic and partition) or null. An offset that
   * retention removed reads as decodable: the consumer resets past it anyway.
   */
  async function probeBatch(topic: string, partition: number, offset: string | null): Promise<UndecodableBatchError | null> {
    return guarded(topic, async (c) => {
      const leader = (await leaders(c, topic)).get(partition);
      if (leader === undefined || leader < 0) throw new KafkaRequestError(`Partition ${partition} of "${topic}" has no leader right now; try again shortly.`, true);
      const from = offset ?? String((await listOffsets(c, topic, new Map([[partition, leader]]), EARLIEST)).get(partition) ?? 0);
      const broker = await c.findBroker({ nodeId: String(leader) });
      try {
        await broker.fetch({
          replicaId: -1,
          isolationLevel: READ_COMMITTED,
          maxWaitTime: 0,
          minBytes: 0,
          maxBytes: FETCH_BYTES,
          topics: [{ topic, partitions: [{ partition, fetchOffset: from, maxBytes: FETCH_BYTES }] }],
        });
        return null;
      } catch (err) {
        const bad = findUndecodableBatch(err);
        if (bad) return bad.at(topic, partition);
        throw err;
      }
    });
  }

  return { partitionRanges, offsetsForTimestamp, readRange, probeBatch, close: cluster.close };
}

/**
 * Appends the readable records of one Fetch answer below `end` to `out` (at most `room`)
 * and returns the highest offset passed (markers and aborted records included), or null
 * when it held nothing at or after `from`.
 */
function collect(p: FetchedPartition, partition: number, from: number, end: number, room: number, out: RawRecord[]): number | null {
  let last: number | null = null;
  let taken = 0;
  visitFetchedEntries(p, from, (offset, record) => {
    if (offset >= end || taken >= room) return false;
    last = offset;
    if (record) {
      out.push(toRawRecord(record, partition, offset));
      taken += 1;
    }
  });
  return last;
}

function recordBytes(r: RawRecord): number {
  let n = (r.key?.length ?? 0) + (r.value?.length ?? 0);
  for (const h of r.headers) n += h.key.length + (h.value?.length ?? 0);
  return n;
}

/** Key, value and header bytes of records[from…]. */
function bytesOf(records: RawRecord[], from = 0): number {
  let n = 0;
  for (let i = from; i < records.length; i++) n += recordBytes(records[i]!);
  return n;
}

/** Keeps the newest `limit` records within the page's byte budget (always at least one); returns the bytes kept. */
function keepNewest(out: RawRecord[], limit: number): number {
  if (out.length > limit) out.splice(0, out.length - limit);
  let bytes = bytesOf(out);
  while (out.length > 1 && bytes > PAGE_BYTES) bytes -= recordBytes(out.shift()!);
  return bytes;
}

/** Fetch error codes as Eventline errors: the topic went away, the offset aged out, or a leader moved. */
function fetchError(code: number, topic: string, partition: number, offset: number): EventlineError {
  if (code === 3) return new TopicNotFoundError(topic);
  if (code === 1) return new KafkaRequestError(`Offset ${offset} of partition ${partition} is no longer in the log (retention removed it); reload the page.`, true);
  return new KafkaRequestError(`Reading partition ${partition} of "${topic}" failed with Kafka error code ${code}; try again.`, [5, 6, 7, 13, 14, 15, 74, 75].includes(code));
}

/** Read before fetchError: readRange answers it with the partition's range now (outOfRange). */
const OFFSET_OUT_OF_RANGE = 1;

/** kafkajs's Fetch decoding throws a partition's error code as a protocol error; an answer decoded by us carries it as errorCode. */
const isOffsetOutOfRange = (err: unknown) => (err as { type?: string } | null)?.type === 'OFFSET_OUT_OF_RANGE';

function toRawRecord(m: FetchedMessage, partition: number, offset: number): RawRecord {
  const given = m.headers;
  // for…in, not Object.entries: no arrays made per record (a replay reads hundreds of thousands).
  // Counted first: an array grown by push gets room for 17 headers in every record.
  let n = 0;
  if (given) for (const key in given) n += Array.isArray(given[key]) ? (given[key] as Buffer[]).length : 1;
  const headers: RawRecord['headers'] = new Array(n);
  if (n > 0) {
    let i = 0;
    for (const key in given) {
      const v = given[key];
      if (Array.isArray(v)) for (const value of v) headers[i++] = { key, value: value ?? null };
      else headers[i++] = { key, value: v ?? null };
    }
  }
  const type = m.batchContext?.timestampType;
  return {
    partition,
    offset,
    timestamp: Number(m.timestamp),
    timestampType: type === 0 ? 'create' : type === 1 ? 'log-append' : null,
    key: m.key ?? null,
    value: m.value ?? null,
    headers,
  };
}

export type RecordReader = ReturnType<typeof createRecordReader>;
