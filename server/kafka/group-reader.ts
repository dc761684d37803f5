import type { Kafka } from 'kafkajs';
import { lazyAdmin, lazyInternalCluster, translatedErrors } from './lazy-connection';
import { READ_COMMITTED, type FetchedPartition, type InternalBroker } from './kafkajs-internals';
import { mapLimit } from '../../lib/map-limit';
import { fetchedEntries } from './fetch-decoder';
import { findUndecodableBatch } from './kafka-errors';

export interface RawGroupMember {
  memberId: string;
  clientId: string;
  host: string;
  assignments: { topic: string; partition: number }[];
}

export interface RawGroup {
  groupId: string;
  state: string;
  protocolType: string;
  members: RawGroupMember[];
  /** topic → partition → committed offset (only partitions with a commit). */
  committed: Map<string, Map<number, number>>;
  error: string | null;
}

export interface RecordPeekRequest {
  topic: string;
  partition: number;
  offset: number;
}

export interface RecordPeek {
  topic: string;
  partition: number;
  offset: number;
  /** First readable (non-control, non-aborted) record at or after `offset`, if any came back. */
  first: { offset: number; timestamp: number } | null;
  /**
   * What stands at the asked offset: a readable record; a transaction marker or aborted
   * record ('skipped'); nothing, the log going on past it ('missing': compaction removed
   * it); or null when the answer held nothing at or after it.
   */
  atOffset: 'record' | 'skipped' | 'missing' | null;
  /** Highest offset seen in the response (control records included), or null if none came back. */
  lastSeenOffset: number | null;
  error: string | null;
}

/** Bytes per partition in a record peek: enough for the batch holding the committed offset. */
const PEEK_PARTITION_BYTES = 64 * 1024;
/** Partitions per Fetch: 400 × 64 KiB stays well under fetch.max.bytes. */
const PEEK_PARTITIONS_PER_FETCH = 400;
const PEEK_FETCH_CONCURRENCY = 4;
/** Committed-offset fetches in flight at once (one OffsetFetch per group; kafkajs has no multi-group form). */
const OFFSET_FETCH_CONCURRENCY = 16;
/** Tries of an offset commit while its group's coordinator moves. */
const COMMIT_ATTEMPTS = 4;
const COORDINATOR_MOVING = new Set(['NOT_COORDINATOR', 'COORDINATOR_LOAD_IN_PROGRESS', 'COORDINATOR_NOT_AVAILABLE']);

/**
 * Reads consumer groups for the lag monitor in a fixed number of round trips per cycle:
 * ListGroups per broker, DescribeGroups batched per coordinator (kafkajs does that),
 * OffsetFetch per group with bounded concurrency, and record timestamps with one Fetch
 * per partition leader through kafkajs's internal cluster (same reach as cluster-reader).
 */
export function createGroupReader(kafka: Kafka, brokers: string[]) {
  const admin = lazyAdmin(kafka);
  const cluster = lazyInternalCluster(kafka);

  const guarded = <T>(fn: () => Promise<T>): Promise<T> => translatedErrors({ close }, { brokers }, fn);

  /** Every consumer group (protocol type "consumer" or empty), described, with its committed offsets. */
  async function readGroups(): Promise<RawGroup[]> {
    return guarded(async () => {
      const a = await admin.get();
      const { groups: listed } = await a.listGroups();
      const ids = listed.filter((g) => g.protocolType === 'consumer' || g.protocolType === '').map((g) => g.groupId);
      if (ids.length === 0) return [];
      const { groups: described } = await a.describeGroups(ids);
      const out: RawGroup[] = described.map((g) => ({
        groupId: g.groupId,
        state: g.state,
        protocolType: g.protocolType,
        members: g.members.map((m) => ({
          memberId: m.memberId,
          clientId: m.clientId,
          host: m.clientHost,
          assignments: decodeAssignment(m.memberAssignment),
        })),
        committed: new Map(),
        error: (g as { errorCode?: number }).errorCode ? `DescribeGroups error code ${(g as { errorCode?: number }).errorCode}` : null,
      }));
      await mapLimit(out, OFFSET_FETCH_CONCURRENCY, async (g) => {
        try {
          const topics = await a.fetchOffsets({ groupId: g.groupId });
          for (const t of topics) {
            for (const p of t.partitions) {
              const off = Number(p.offset);
              if (off < 0) continue;
              const m = g.committed.get(t.topic) ?? new Map<number, number>();
              m.set(p.partition, off);
              g.committed.set(t.topic, m);
            }
          }
        } catch (err) {
          g.error = `could not read committed offsets: ${(err as Error).message}`;
        }
      });
      return out;
    });
  }

  /**
   * Reads the first readable record at or after each requested offset, one Fetch per
   * partition leader (read_committed, so open and aborted transactions are skipped).
   */
  async function peekRecords(requests: RecordPeekRequest[]): Promise<RecordPeek[]> {
    if (requests.length === 0) return [];
    return guarded(async () => {
      const c = await cluster.get();
      const topics = [...new Set(requests.map((r) => r.topic))];
      await c.addMultipleTargetTopics(topics).catch(() => undefined);
      const byLeader = new Map<number, RecordPeekRequest[]>();
      const results: RecordPeek[] = [];
      for (const r of requests) {
        let leader = -1;
        try {
          leader = c.findTopicPartitionMetadata(r.topic).find((p) => p.partitionId === r.partition)?.leader ?? -1;
        } catch {
          leader = -1;
        }
        if (leader < 0) {
          results.push({ ...r, first: null, atOffset: null, lastSeenOffset: null, error: 'no leader for the partition' });
          continue;
        }
        const list = byLeader.get(leader) ?? [];
        list.push(r);
        byLeader.set(leader, list);
      }
      const chunks: [number, RecordPeekRequest[]][] = [];
      for (const [leader, reqs] of byLeader) for (const chunk of fetchChunks(reqs)) chunks.push([leader, chunk]);
      const failures: unknown[] = [];
      // A few Fetches in flight per cycle: thousands of partitions must not queue dozens on one socket.
      await mapLimit(chunks, PEEK_FETCH_CONCURRENCY, async ([leader, reqs]) => {
        try {
          const broker = await c.findBroker({ nodeId: String(leader) });
          results.push(...(await peekFromLeader(broker, reqs).catch((err: unknown) => peekOneByOne(broker, reqs, err))));
        } catch (err) {
          // One leader failing costs its partitions' lag in seconds, not everyone's.
          failures.push(err);
          for (const r of reqs) results.push({ ...r, first: null, atOffset: null, lastSeenOffset: null, error: (err as Error).message });
        }
      });
      // All of them failing is the connection's problem: let guarded() reconnect.
      if (chunks.length > 0 && failures.length === chunks.length) throw failures[0];
      return results;
    });
  }

  /**
   * Commits offsets for a group as a standalone client (generation -1, no member id),
   * one OffsetCommit to its coordinator. Kafka accepts that only while the group has no
   * members, which is the rule we want. (kafkajs's admin.setOffsets joins the group with
   * a consumer instead, which takes seconds.)
   */
  async function resetOffsets(groupId: string, topic: string, partitions: { partition: number; offset: number }[]): Promise<void> {
    await guarded(async () => {
      const c = await cluster.get();
      for (let attempt = 1; ; attempt++) {
        try {
          const coordinator = await c.findGroupCoordinator({ groupId });
          await coordinator.offsetCommit({
            groupId,
            groupGenerationId: -1,
            memberId: '',
            retentionTime: -1,
            topics: [{ topic, partitions: partitions.map((p) => ({ partition: p.partition, offset: String(p.offset) })) }],
          });
          return;
        } catch (err) {
          // The coordinator moved or is still loading (a fresh __consumer_offsets, a broker
          // restart): ask again who it is, a few times, before reporting.
          if (attempt >= COMMIT_ATTEMPTS || !COORDINATOR_MOVING.has((err as { type?: string }).type ?? '')) throw err;
          await new Promise((r) => setTimeout(r, 250 * attempt));
        }
      }
    });
  }

  /** Offset of the first record at or after `timestamp` per partition (or the log end). */
  async function offsetsForTime(topic: string, timestamp: number): Promise<{ partition: number; offset: number }[]> {
    return guarded(async () => {
      const a = await admin.get();
      const res = await a.fetchTopicOffsetsByTimestamp(topic, timestamp);
      return res.map((p) => ({ partition: p.partition, offset: Number(p.offset) }));
    });
  }

  async function close() {
    await Promise.all([admin.close(), cluster.close()]);
  }

  return { readGroups, peekRecords, resetOffsets, offsetsForTime, close };
}

/** ConsumerProtocol assignment: version int16, [topic string, [partition int32]], userData bytes. */
export function decodeAssignment(buf: Buffer | null | undefined): { topic: string; partition: number }[] {
  if (!buf || buf.length < 6) return [];
  try {
    let pos = 2;
    const topicCount = buf.readInt32BE(pos);
    pos += 4;
    const out: { topic: string; partition: number }[] = [];
    for (let i = 0; i < topicCount; i++) {
      const len = buf.readInt16BE(pos);
      pos += 2;
      const topic = buf.toString('utf8', pos, pos + len);
      pos += len;
      const n = buf.readInt32BE(pos);
      pos += 4;
      for (let j = 0; j < n; j++) {
        out.push({ topic, partition: buf.readInt32BE(pos) });
        pos += 4;
      }
    }
    return out;
  } catch {
    return [];
  }
}

/**
 * A leader's peeks split into Fetches: each under the broker's fetch.max.bytes (50 MB by
 * default), and each asking for one offset per partition at most. A Fetch has one answer
 * per partition, so two groups' peeks of one partition in one Fetch would both be served
 * from one of the two offsets: the group further back was then measured from the other
 * group's record, and its lag shown as if its record were gone.
 */
export function fetchChunks(reqs: RecordPeekRequest[]): RecordPeekRequest[][] {
  const chunks: { reqs: RecordPeekRequest[]; partitions: Set<string> }[] = [];
  for (const r of reqs) {
    const key = `${r.topic}\u0000${r.partition}`;
    let chunk = chunks.find((c) => c.reqs.length < PEEK_PARTITIONS_PER_FETCH && !c.partitions.has(key));
    if (!chunk) chunks.push((chunk = { reqs: [], partitions: new Set() }));
    chunk.reqs.push(r);
    chunk.partitions.add(key);
  }
  return chunks.map((c) => c.reqs);
}

/**
 * An undecodable batch fails the whole Fetch answer, whoever's it is (kafkajs decodes
 * every partition before returning): ask again partition by partition, so that only the
 * partition holding it loses its peek, with the reason. Any other error is rethrown.
 */
async function peekOneByOne(broker: InternalBroker, reqs: RecordPeekRequest[], err: unknown): Promise<RecordPeek[]> {
  if (!findUndecodableBatch(err) || reqs.length === 0) throw err;
  return mapLimit(reqs, PEEK_FETCH_CONCURRENCY, async (r) => {
    try {
      return (await peekFromLeader(broker, [r]))[0]!;
    } catch (e) {
      const bad = findUndecodableBatch(e);
      if (!bad) throw e;
      return { ...r, first: null, atOffset: null, lastSeenOffset: null, error: bad.at(r.topic, r.partition).message };
    }
  });
}

/** One read_committed Fetch for a leader's share of the peek. */
async function peekFromLeader(broker: InternalBroker, reqs: RecordPeekRequest[]): Promise<RecordPeek[]> {
  const byTopic = new Map<string, RecordPeekRequest[]>();
  for (const r of reqs) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r]);
  const res = await broker.fetch({
    replicaId: -1,
    isolationLevel: READ_COMMITTED,
    maxWaitTime: 0,
    minBytes: 0,
    maxBytes: Math.max(1024 * 1024, reqs.length * PEEK_PARTITION_BYTES),
    topics: [...byTopic].map(([topic, rs]) => ({
      topic,
      partitions: rs.map((r) => ({ partition: r.partition, fetchOffset: String(r.offset), maxBytes: PEEK_PARTITION_BYTES })),
    })),
  });
  // kafkajs shuffles the partitions (KIP-74) and only merges neighbours of one topic, so a
  // topic comes back split over several entries: index every entry, not the first match.
  const answers = new Map<string, FetchedPartition>();
  for (const t of res.responses) for (const p of t.partitions) answers.set(`${t.topicName}\u0000${p.partition}`, p);
  return reqs.map((r) => firstReadable(r, answers.get(`${r.topic}\u0000${r.partition}`)));
}

/** The first record at or after the asked offset that is neither a transaction marker nor aborted. */
function firstReadable(r: RecordPeekRequest, p: FetchedPartition | undefined): RecordPeek {
  if (!p) return { ...r, first: null, atOffset: null, lastSeenOffset: null, error: 'no answer for the partition' };
  if (p.errorCode && p.errorCode !== 1 /* OFFSET_OUT_OF_RANGE: below log start, handled by the caller */) {
    return { ...r, first: null, atOffset: null, lastSeenOffset: null, error: `fetch error code ${p.errorCode}` };
  }
  let first: RecordPeek['first'] = null;
  let last: number | null = null;
  let atOffset: RecordPeek['atOffset'] = null;
  for (const { offset, record } of fetchedEntries(p, r.offset)) {
    // The answer starts at the batch holding the asked offset, so a first entry past it means the offset is not in the log.
    atOffset ??= offset !== r.offset ? 'missing' : record ? 'record' : 'skipped';
    last = last === null ? offset : Math.max(last, offset);
    if (!first && record) first = { offset, timestamp: Number(record.timestamp) };
  }
  return { ...r, first, atOffset, lastSeenOffset: last, error: null };
}
