import type { MessagePage, MessageQuery, MessageRecord, PartitionRange } from '../../lib/message-types';
import type { RawRecord, RecordReader } from '../kafka/record-reader';
import { mapLimit } from '../../lib/map-limit';
import { decodeDeadLetterHeaders } from '../../lib/dead-letter-headers';
import { decodeBytes } from './decode-bytes';
import { decodePayload } from '../catalog/decode-payload';
import type { SchemaDecoder } from '../catalog/schema-decoder';
import { OffsetOutOfRangeError } from '../kafka/kafka-errors';
import { InvalidMessageFilterError, PartitionNotFoundError } from './message-errors';
import { celRecord, compileCel } from '../replay/record-filter';

/** Times the newest-records window widens when compaction or markers leave it short. */
const MAX_WIDENINGS = 6;

/**
 * One page of the message browser. Within a partition: from an offset (with some
 * context before it), up to an offset (paging older), from a timestamp, or the newest.
 * Across partitions: the newest, or from a timestamp, merged by timestamp.
 */
export async function readMessagePage(
  reader: RecordReader,
  topic: string,
  q: MessageQuery,
  previewBytes: number,
  decoder: SchemaDecoder | null = null,
): Promise<MessagePage> {
  // The replay's own CEL evaluator, so a search here picks what a replay filter would. A bad
  // expression is refused before anything is read.
  const holds = q.filter === undefined ? null : compileCel(q.filter, (m) => new InvalidMessageFilterError(m));
  const kept = (records: RawRecord[]) => (holds ? records.filter((r) => holds(celRecord(topic, r))) : records);
  const decodeAll = (records: RawRecord[]) => Promise.all(kept(records).map((r) => decodeRecord(r, previewBytes, decoder)));
  const scanned = (records: RawRecord[]) => (holds ? { scanned: records.length } : {});
  const partitions = await reader.partitionRanges(topic);
  const page = { topic, partitions, previewBytes, resolvedOffset: null as number | null };
  if (q.partition === undefined) {
    const records = await acrossPartitions(reader, topic, partitions, q);
    return { ...page, partition: null, records: await decodeAll(records), hasOlder: false, hasNewer: false, ...scanned(records) };
  }
  const range = partitions.find((p) => p.partition === q.partition);
  if (!range) throw new PartitionNotFoundError(topic, q.partition, partitions.length);
  const { records, resolvedOffset } = await inPartition(reader, topic, range, q);
  const first = records[0]?.offset;
  const last = records.at(-1)?.offset;
  // Paging follows the records read, not the ones the filter kept, so older and newer pages stay reachable.
  const anchor = resolvedOffset ?? q.offset ?? q.before ?? range.logEnd;
  return {
    ...page,
    partition: range.partition,
    records: await decodeAll(records),
    hasOlder: (first ?? anchor) > range.logStart,
    hasNewer: (last === undefined ? anchor : last + 1) < range.logEnd,
    resolvedOffset,
    ...scanned(records),
  };
}

async function inPartition(reader: RecordReader, topic: string, range: PartitionRange, q: MessageQuery) {
  const { partition, logStart, logEnd } = range;
  if (q.offset !== undefined) {
    checkInRange(topic, range, q.offset);
    const context = Math.min(q.context, q.limit - 1);
    const before = context > 0 ? await newestBefore(reader, topic, range, q.offset, context) : [];
    const after = await reader.readRange(topic, partition, q.offset, logEnd, q.limit - before.length);
    return { records: [...before, ...after], resolvedOffset: null };
  }
  if (q.before !== undefined) {
    // Paging back from the first record shown: its offset may be logEnd (an empty newer page).
    if (q.before !== logEnd) checkInRange(topic, range, q.before);
    return { records: await newestBefore(reader, topic, range, q.before, q.limit), resolvedOffset: null };
  }
  if (q.timestamp !== undefined) {
    const at = (await reader.offsetsForTimestamp(topic, [partition], q.timestamp)).get(partition) ?? null;
    const start = Math.max(at ?? logEnd, logStart);
    return { records: await reader.readRange(topic, partition, start, logEnd, q.limit), resolvedOffset: start };
  }
  return { records: await newestBefore(reader, topic, range, logEnd, q.limit), resolvedOffset: null };
}

function checkInRange(topic: string, r: PartitionRange, offset: number) {
  if (offset < r.logStart || offset >= r.logEnd) throw new OffsetOutOfRangeError(topic, r.partition, offset, r.logStart, r.logEnd);
}

/**
 * The last `limit` records before `end`. Starts `limit` offsets back and widens the window
 * while gaps (compaction, transaction markers, aborted records) leave the page short.
 */
async function newestBefore(reader: RecordReader, topic: string, r: PartitionRange, end: number, limit: number): Promise<RawRecord[]> {
  let found: RawRecord[] = [];
  let windowEnd = end;
  for (let i = 0; i < MAX_WIDENINGS && windowEnd > r.logStart && found.length < limit; i++) {
    const missing = limit - found.length;
    const from = Math.max(r.logStart, windowEnd - missing * 2 ** (i * 2));
    // The whole of [from, windowEnd) is read (keeping its last `missing`), so no record between windows is lost.
    const chunk = await reader.readRange(topic, r.partition, from, windowEnd, missing, { newest: true });
    found = [...chunk, ...found];
    windowEnd = from;
  }
  return found;
}

/** Partitions read at once for an all-partitions page: a topic of 500 must not open 500 Fetches together. */
const PARTITIONS_IN_FLIGHT = 8;

async function acrossPartitions(reader: RecordReader, topic: string, partitions: PartitionRange[], q: MessageQuery): Promise<RawRecord[]> {
  if (q.timestamp !== undefined) {
    const starts = await reader.offsetsForTimestamp(topic, partitions.map((p) => p.partition), q.timestamp);
    const perPartition = await mapLimit(partitions, PARTITIONS_IN_FLIGHT, async (p) => {
      const at = starts.get(p.partition);
      return at === null || at === undefined ? [] : reader.readRange(topic, p.partition, Math.max(at, p.logStart), p.logEnd, q.limit);
    });
    return perPartition.flat().sort(byTime).slice(0, q.limit);
  }
  const perPartition = await mapLimit(partitions, PARTITIONS_IN_FLIGHT, (p) => newestBefore(reader, topic, p, p.logEnd, q.limit));
  return perPartition.flat().sort(byTime).slice(-q.limit);
}

const byTime = (a: RawRecord, b: RawRecord) => a.timestamp - b.timestamp || a.partition - b.partition || a.offset - b.offset;

/** Keys and values may be registry-encoded; headers are taken as they are. */
async function decodeRecord(r: RawRecord, previewBytes: number, decoder: SchemaDecoder | null): Promise<MessageRecord> {
  const headerBytes = r.headers.reduce((n, h) => n + Buffer.byteLength(h.key) + (h.value?.length ?? 0), 0);
  const [key, value] = await Promise.all([decodePayload(r.key, previewBytes, decoder), decodePayload(r.value, previewBytes, decoder)]);
  return {
    partition: r.partition,
    offset: r.offset,
    timestamp: r.timestamp,
    timestampType: r.timestampType,
    key,
    value,
    headers: r.headers.map((h) => ({ key: h.key, value: decodeBytes(h.value, previewBytes) })),
    size: (r.key?.length ?? 0) + (r.value?.length ?? 0) + headerBytes,
    deadLetter: decodeDeadLetterHeaders(r.headers),
  };
}
