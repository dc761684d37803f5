// The collector: tails every matching topic in a consumer group of its own, turns each
// record into an `events` row and writes the batches of the partitions fetched together
// in one transaction, with their new positions (write-queue.ts, event-store.ts), while
// the next batches are fetched (fetch-ahead, see eachBatch).
//
// Exactly once in the store, whatever happens to the process:
// * positions live in the database, written with the events they cover;
// * on every assignment (GROUP_JOIN) the stored positions are reloaded and sought to;
// * every batch is also checked against the stored position before it is written
//   (a batch fetched before the seek landed is trimmed or skipped), and the unique key
//   on (cluster, topic, partition, offset) refuses whatever slips through.
// Kafka commits are made too, after the database commit, only so that lag monitors
// see the collector's group; they are never read back.
//
// Crashes and undecodable batches (issue 10). kafkajs decodes a whole Fetch answer (every
// partition a broker leads) before it hands out any batch, so one batch it cannot
// decompress fails that broker's entire answer; inside consumer.run that is a CRASH, and
// for a non-retriable error kafkajs does not restart (restart=false): collection stopped
// on every topic while the status said "running". Now:
// * kafkajs never restarts on its own (restartOnFailure → false); every CRASH, whatever
//   its kind, goes through onCrash: state "restarting" with the reason, attempt and next
//   try, then a new consumer after a doubling back-off. "running" again only once the new
//   consumer has joined its group.
// * When the crash was an UndecodableBatchError (compression-codecs.ts throws it; it
//   cannot say whose batch it was), every assigned partition is probed from its stored
//   position with a Fetch of its own (record-reader probeBatch, the same bytes the
//   consumer asked for). A partition whose probe fails too is put in `waits`: it is
//   paused in the next consumer as soon as the group assigns it (GROUP_JOIN fires before
//   the first fetch), logged, counted and listed on the status with its offset. The
//   others go on. Nothing is skipped: a waiting partition is probed again on a growing
//   interval and resumed from its stored position once its batch decodes (retention
//   removed it, or a codec came to read it).
import { EventEmitter } from 'node:events';
import type { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import type { KafkaService, RawPartition } from '../kafka';
import type { Logger } from '../log/logger';
import type { CollectorHealth, CollectorState } from '../../lib/trace-types';
import { mapLimit } from '../../lib/map-limit';
import { findUndecodableBatch } from '../kafka/kafka-errors';
import { createRecordReader } from '../kafka/record-reader';
import { backoffMs } from '../../lib/backoff';
import { createPartitionWaits } from './partition-waits';
import type { SqlExecutor } from '../store';
import { defaultCollectorOptions, defaultConventions, defaultLimits } from './defaults';
import { createEventStore } from './event-store';
import { extractEvent } from './extract';
import { createWriteQueue, PrecedingWriteFailedError, type BatchResult } from './write-queue';
import type { StoredPayloadDecoder } from '../catalog';
import type { IdConvention } from './conventions/id-conventions';
import { createIdReader } from './conventions/read-ids';
import type { EventRow, ExtractLimits, Problem } from './types';

export interface CollectorOptions {
  include: RegExp[];
  exclude: RegExp[];
  groupId: string;
  cluster: string;
  topicRefreshMs: number;
  maxWaitTimeInMs: number;
  fromBeginning: boolean;
  /** Id conventions in order of precedence: custom ones (EVENTLINE_ID_CONVENTIONS) first, then the built-in ones. */
  conventions: IdConvention[];
  limits: ExtractLimits;
  /**
   * Partition batches handled at once. Their rows are written together (one transaction
   * for the whole fetch), so this is best at least the number of partitions one fetch
   * answers with.
   */
  partitionsConcurrently: number;
  /** Writes in flight at once; 1 on PGlite (one connection anyway). */
  writesConcurrently: number;
  /** Rows in one write at most. */
  maxRowsPerWrite: number;
  /** Kafka group session timeout: how long a crashed process holds its partitions. */
  sessionTimeoutMs: number;
  /** Event ids checked for duplicates: 1 in this many, by hash (a power of two; event-store.ts says why). */
  duplicateSampleEvery: number;
  /** First wait before a crashed consumer is restarted; doubles per attempt up to restartMaxMs. */
  restartInitialMs: number;
  restartMaxMs: number;
  /** First wait before a partition held up by an undecodable batch is read again; doubles up to waitCheckMaxMs. */
  waitCheckInitialMs: number;
  waitCheckMaxMs: number;
}

/** What the collector needs of server/kafka's facade: the client for its consumer, topic names and watermarks for the admin side. */
export type CollectorKafka = Pick<KafkaService, 'client' | 'listTopicNames' | 'readCluster'>;

export interface CollectorDeps {
  kafka: CollectorKafka;
  sql: SqlExecutor;
  log: Logger;
  options?: Partial<CollectorOptions>;
  /**
   * Decodes registry-encoded keys and values before they are stored (server/catalog). Default:
   * no registry, so such records are stored as bytes with the reason.
   */
  payloads?: StoredPayloadDecoder;
  /** Reads one partition's next Fetch to find an undecodable batch (default: a record reader on `kafka`). */
  probe?: Pick<ReturnType<typeof createRecordReader>, 'probeBatch' | 'close'>;
}

export interface StoredBatch {
  topic: string;
  partition: number;
  inserted: number;
  traces: string[];
}

/**
 * What the collector reports about itself: the health the API serves, less the lag, which
 * the route adds from the cluster. Records stored with a problem are counted by problem.
 */
export interface CollectorStats extends Omit<CollectorHealth, 'lag' | 'problems'> {
  problems: Partial<Record<Problem, number>>;
}

const RATE_WINDOW_MS = 10_000;
/**
 * Kafka commits are only for others' lag views: sent at most this often, every partition
 * in one request, rather than one request per partition batch.
 */
const COMMIT_EVERY_MS = 1000;
/** A consumer up this long before it crashes starts its back-off again from the first step. */
const HEALTHY_RESET_MS = 60_000;
/** Partitions probed at once after an undecodable batch. */
const PROBE_CONCURRENCY = 4;

export function createCollector(deps: CollectorDeps) {
  const opts: CollectorOptions = {
    ...defaultCollectorOptions,
    conventions: defaultConventions,
    limits: defaultLimits,
    partitionsConcurrently: 16,
    writesConcurrently: 1,
    maxRowsPerWrite: 20_000,
    ...deps.options,
  };
  const { log } = deps;
  const kafka = deps.kafka.client;
  const probe = deps.probe ?? createRecordReader(kafka, []);
  const waits = createPartitionWaits({ firstCheckMs: opts.waitCheckInitialMs, maxCheckMs: opts.waitCheckMaxMs });
  const ids = createIdReader(opts.conventions);
  // Without a registry, records are extracted as they are (type import only: the registry
  // libraries stay unloaded in a collector that does not decode).
  const payloads: StoredPayloadDecoder = deps.payloads ?? { extract: async (records, extract) => records.map(extract) };
  const store = createEventStore(deps.sql, { cluster: opts.cluster, groupId: opts.groupId, duplicateSampleEvery: opts.duplicateSampleEvery });
  const queue = createWriteQueue(store, { concurrency: opts.writesConcurrently, maxRows: opts.maxRowsPerWrite });
  const events = new EventEmitter<{ stored: [StoredBatch] }>();
  const positions = new Map<string, bigint>();
  let positionsLoaded: Promise<void> | null = null;
  let consumer: Consumer | null = null;
  let topics: string[] = [];
  let refreshTimer: NodeJS.Timeout | null = null;
  let running = false;
  let restarting: Promise<void> = Promise.resolve();
  let state: CollectorState = 'stopped';
  let restart: CollectorHealth['restart'] = null;
  let attempt = 0;
  let healthySince: number | null = null;
  let restartTimer: NodeJS.Timeout | null = null;
  let waitTimer: NodeJS.Timeout | null = null;
  /** The current consumer's assignment, from its last GROUP_JOIN. */
  let assigned: { topic: string; partition: number }[] = [];
  const recent: { at: number; n: number }[] = [];
  const stats = {
    eventsStored: 0,
    duplicatesSkipped: 0,
    batches: 0,
    lastBatch: null as CollectorStats['lastBatch'],
    problems: {} as Partial<Record<Problem, number>>,
    writeErrors: 0,
    lastError: null as string | null,
    undecodableBatches: 0,
  };

  // The partitions of one fetch are handed over together; extracting them one per turn of
  // the event loop (each waits for the previous one's turn) lets the first batches' write
  // go to the database while the next batches are still being extracted.
  let extractLane: Promise<void> = Promise.resolve();
  const unsentCommits = new Map<string, { topic: string; partition: number; offset: string }>();
  let commitTimer: NodeJS.Timeout | null = null;
  const sendCommits = async () => {
    if (commitTimer) clearTimeout(commitTimer);
    commitTimer = null;
    const list = [...unsentCommits.values()];
    unsentCommits.clear();
    if (list.length > 0) await consumer?.commitOffsets(list).catch(() => {});
  };
  const nextTurn = () => (extractLane = extractLane.then(() => new Promise<void>((r) => setImmediate(r))));

  /**
   * Each partition's last batch handed to the write queue, until it settles: its write,
   * and whether it was stored (fetch-ahead, see eachBatch).
   */
  const handedOver = new Map<string, HandedOver>();
  /** Partitions whose write failed: the error, thrown once by the next batch handed over for it. */
  const failed = new Map<string, Error>();
  /** Resolves when every batch handed to the write queue has been committed or has failed. */
  const settled = () => Promise.all([...handedOver.values()].map((h) => h.stored)).then(() => {});

  const wanted = (topic: string) => opts.include.some((r) => r.test(topic)) && !opts.exclude.some((r) => r.test(topic));

  /** Reloads every stored position (after an assignment another process may have moved them). */
  const reloadPositions = () => {
    // Writes still in flight first: a position read before one commits would send the
    // partition back over what it stores.
    positionsLoaded = settled().then(() => store.positions()).then((m) => {
      failed.clear(); // the assignment's seek to these positions refetches whatever failed
      positions.clear();
      for (const [k, v] of m) positions.set(k, v);
    });
    return positionsLoaded;
  };

  // Fetch-ahead (issue 10): a batch is handed to the write queue and eachBatch returns
  // without waiting for its commit, its offset resolved, so that kafkajs fetches the next
  // batches while this write commits — Node decodes and extracts fetch k+1 while
  // PostgreSQL stores fetch k, and fetch k+1's write waits in the queue, ready. At most one
  // batch per partition waits behind the one being written: eachBatch returns once the
  // partition's previous batch is stored. Exactly once still holds because, per partition:
  // * batches are written in order, each after the previous one is committed (the queue's
  //   `after`); when a write fails, the batches after it fail unwritten (writing them
  //   would leave a gap), the failed write seeks its partitions back to their first
  //   unstored offset, and the partition's next eachBatch throws its error, so kafkajs
  //   backs off and fetches again from there;
  // * positions still move only in the transaction that stores the events.
  async function eachBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload) {
    if (batch.messages.length === 0) return;
    await (positionsLoaded ?? reloadPositions());
    const key = `${batch.topic}/${batch.partition}`;
    const next = positions.get(key);
    const last = batch.messages[batch.messages.length - 1]!.offset;
    // Offsets rise within a batch: one comparison when its first record is past the stored position.
    const fresh = next === undefined || BigInt(batch.messages[0]!.offset) >= next ? batch.messages : batch.messages.filter((m) => BigInt(m.offset) >= next);
    stats.duplicatesSkipped += batch.messages.length - fresh.length;
    if (fresh.length === 0) {
      // Fetched from behind the stored position (before the seek landed): skip ahead.
      consumer?.seek({ topic: batch.topic, partition: batch.partition, offset: String(next) });
      return;
    }
    if (!isRunning() || isStale()) return;
    await nextTurn();
    if (!isRunning() || isStale()) return;

    throwIfFailed(key);
    const handed = await handOver(batch.topic, batch.partition, fresh, BigInt(last) + 1n, () => running && isRunning() && !isStale());
    if (!handed) return;
    resolveOffset(last);
    await heartbeat().catch(() => {});
    if (handed.previous && !(await handed.previous.stored)) throwIfFailed(key); // this batch failed unwritten with it
  }

  /**
   * Extracts a batch's records (through the payload decoder) and hands them to the write
   * queue, after the partition's previous batch; null when it may no longer (`mayWrite`).
   * Apart from eachBatch so that what the write's callbacks keep until it commits is a
   * few numbers, not the records nor their rows.
   */
  async function handOver(topic: string, partition: number, records: KafkaMessage[], nextOffset: bigint, mayWrite: () => boolean): Promise<{ previous?: HandedOver } | null> {
    const key = `${topic}/${partition}`;
    const started = performance.now();
    const firstOffset = records[0]!.offset;
    const raw = records.map((m) => ({ topic, partition, offset: m.offset, timestamp: m.timestamp, key: m.key, value: m.value, headers: m.headers }));
    const rows = await payloads.extract(raw, (r) => extractEvent(r, ids, opts.limits));
    throwIfFailed(key);
    if (!mayWrite()) return null;
    const previous = handedOver.get(key);
    const size = rows.length;
    const problems = problemCounts(rows);
    const owner = consumer;
    const write = queue.submit(rows, { topic, partition, next: String(nextOffset) }, previous?.write);
    const stored = write.then(
      (result) => {
        onStored(topic, partition, size, problems, nextOffset, result.inserted, result.traces, performance.now() - started);
        return true;
      },
      (err: Error) => {
        if (!(err instanceof PrecedingWriteFailedError)) {
          stats.writeErrors++;
          stats.lastError = err.message;
          log.warn('storing a batch failed; it will be fetched again', { topic, partition, error: err });
          if (owner !== null && consumer === owner) owner.seek({ topic, partition, offset: firstOffset });
        }
        if (!failed.has(key)) failed.set(key, err);
        return false;
      },
    );
    const handle = { write, stored };
    handedOver.set(key, handle);
    void stored.then(() => {
      if (handedOver.get(key) === handle) handedOver.delete(key);
    });
    return { previous };
  }

  /** Throws, once, the error of the partition's failed write: kafkajs backs off and fetches again from where it sought. */
  function throwIfFailed(key: string) {
    const error = failed.get(key);
    if (!error) return;
    failed.delete(key);
    throw error;
  }

  /** A batch is committed: its position, the stats, the lag commit and the `stored` event. */
  function onStored(topic: string, partition: number, size: number, problems: Map<Problem, number>, nextOffset: bigint, inserted: number, traces: string[], ms: number) {
    const key = `${topic}/${partition}`;
    const cur = positions.get(key);
    if (cur === undefined || cur < nextOffset) positions.set(key, nextOffset);
    stats.batches++;
    stats.eventsStored += inserted;
    stats.duplicatesSkipped += size - inserted;
    stats.lastBatch = { size, ms: Math.round(ms * 10) / 10, at: new Date().toISOString() };
    for (const [p, n] of problems) stats.problems[p] = (stats.problems[p] ?? 0) + n;
    const now = Date.now();
    recent.push({ at: now, n: inserted });
    while (recent.length > 0 && recent[0]!.at < now - RATE_WINDOW_MS) recent.shift();
    // The store is the truth; this commit, sent later with the others, only shows the group's lag.
    unsentCommits.set(key, { topic, partition, offset: String(nextOffset) });
    if (!commitTimer) {
      commitTimer = setTimeout(() => void sendCommits(), COMMIT_EVERY_MS);
      commitTimer.unref();
    }
    if (inserted > 0) events.emit('stored', { topic, partition, inserted, traces });
  }

  async function startConsumer(list: string[]) {
    topics = list;
    if (list.length === 0) {
      markRunning();
      return;
    }
    const c = kafka.consumer({
      groupId: opts.groupId,
      maxWaitTimeInMs: opts.maxWaitTimeInMs,
      allowAutoTopicCreation: false,
      sessionTimeout: opts.sessionTimeoutMs,
      heartbeatInterval: Math.min(3000, Math.floor(opts.sessionTimeoutMs / 5)),
      // Restarts are ours (onCrash), for every kind of crash, with a visible state.
      retry: { restartOnFailure: async () => false },
    });
    consumer = c;
    c.on(c.events.GROUP_JOIN, ({ payload }) => {
      const assignment = payload.memberAssignment;
      assigned = Object.entries(assignment).flatMap(([topic, parts]) => parts.map((partition) => ({ topic, partition })));
      waits.keepOnly(assigned);
      // Synchronous, so before this consumer's first fetch: a partition known to hold an
      // undecodable batch must not crash the new consumer too.
      const paused = waits.pausable(assigned);
      if (paused.length > 0) c.pause(paused);
      if (consumer === c) markRunning();
      // A rebalance: positions may have moved in another process. Reload, then seek every
      // assigned partition to where the store says it is.
      void reloadPositions()
        .then(() => {
          for (const [topic, parts] of Object.entries(assignment)) {
            for (const partition of parts) {
              const next = positions.get(`${topic}/${partition}`);
              if (next !== undefined) c.seek({ topic, partition, offset: String(next) });
            }
          }
        })
        .catch((err) => log.warn('reading stored positions failed', { error: err }));
    });
    c.on(c.events.CRASH, ({ payload }) => {
      if (consumer === c) onCrash(payload.error);
    });
    try {
      await c.connect();
      await c.subscribe({ topics: list, fromBeginning: opts.fromBeginning });
      await c.run({ autoCommit: false, eachBatchAutoResolve: false, partitionsConsumedConcurrently: opts.partitionsConcurrently, eachBatch });
    } catch (err) {
      if (consumer === c) onCrash(err as Error);
      else throw err;
    }
  }

  function markRunning() {
    if (!running) return;
    state = 'running';
    restart = null;
    healthySince = Date.now();
  }

  /** Any crash of the consumer: find an undecodable batch if that was the cause, then a new consumer after a back-off. */
  function onCrash(error: Error) {
    if (!running) return;
    const old = consumer;
    consumer = null;
    positionsLoaded = null;
    if (healthySince !== null && Date.now() - healthySince > HEALTHY_RESET_MS) attempt = 0;
    healthySince = null;
    attempt += 1;
    const delay = backoffMs(attempt, opts.restartInitialMs, opts.restartMaxMs);
    const undecodable = findUndecodableBatch(error);
    stats.lastError = error.message;
    state = 'restarting';
    restart = { reason: error.message, attempt, nextTryAt: new Date(Date.now() + delay).toISOString() };
    log.warn('collector consumer crashed; restarting', { error: error.message, attempt, inMs: delay });
    const crashedOn = [...assigned];
    restarting = restarting
      .then(async () => {
        await old?.disconnect().catch(() => {});
        if (undecodable) await findUndecodable(crashedOn);
      })
      .catch((err) => log.warn('looking for the undecodable batch failed', { error: err }));
    if (restartTimer) clearTimeout(restartTimer);
    restartTimer = setTimeout(() => {
      restartTimer = null;
      restarting = restarting.then(async () => {
        if (!running || consumer !== null) return;
        await startConsumer(topics).catch((err: Error) => onCrash(err));
      });
    }, delay);
    restartTimer.unref();
  }

  /** Probes each partition the crashed consumer owned, from its stored position; the ones that fail wait. */
  async function findUndecodable(partitions: { topic: string; partition: number }[]) {
    await reloadPositions();
    const todo = partitions.filter((p) => !waits.has(p.topic, p.partition));
    await mapLimit(todo, PROBE_CONCURRENCY, async ({ topic, partition }) => {
      const at = positions.get(`${topic}/${partition}`);
      const bad = await probe.probeBatch(topic, partition, at === undefined ? null : String(at)).catch(() => null);
      if (!bad) return;
      stats.undecodableBatches += 1;
      waits.add({ topic, partition, offset: bad.baseOffset ?? String(at ?? '0'), reason: bad.message });
      log.error('a record batch cannot be decoded; its partition waits, the others go on', { topic, partition, offset: bad.baseOffset, codec: bad.codec, reason: bad.reason });
    });
  }

  /** Reads each waiting partition again when due; one that decodes now is resumed from its stored position. */
  async function checkWaits() {
    for (const w of waits.due()) {
      const at = positions.get(`${w.topic}/${w.partition}`);
      const bad = await probe.probeBatch(w.topic, w.partition, at === undefined ? null : String(at)).catch(() => undefined);
      if (bad === undefined) continue; // the probe itself failed (broker away): try again next tick
      if (bad) {
        waits.stillBad(w, bad.message);
        continue;
      }
      waits.remove(w.topic, w.partition);
      log.info('an undecodable batch is gone; the partition goes on', { topic: w.topic, partition: w.partition });
      consumer?.resume([{ topic: w.topic, partitions: [w.partition] }]);
    }
  }

  async function matchingTopics(): Promise<string[]> {
    const all = await deps.kafka.listTopicNames();
    return all.filter(wanted).sort();
  }

  /** New (or deleted) topics: rejoin with the new list. Positions are in the store, so nothing is lost. */
  async function refreshTopics() {
    const list = await matchingTopics();
    if (list.join('\n') === topics.join('\n')) return;
    if (state === 'restarting') {
      topics = list; // the restart picks them up
      return;
    }
    log.info('collector topics changed', { topics: list.length });
    const old = consumer;
    consumer = null;
    positionsLoaded = null;
    await old?.disconnect();
    await startConsumer(list);
  }

  return {
    events,
    options: opts,
    async start() {
      if (running) return;
      running = true;
      state = 'running';
      await startConsumer(await matchingTopics());
      waitTimer = setInterval(() => {
        restarting = restarting.then(() => (running ? checkWaits() : undefined)).catch((err) => log.warn('checking waiting partitions failed', { error: err }));
      }, Math.min(1000, opts.waitCheckInitialMs));
      waitTimer.unref();
      refreshTimer = setInterval(() => {
        restarting = restarting.then(() => (running ? refreshTopics() : undefined)).catch((err) => log.warn('topic refresh failed', { error: err }));
      }, opts.topicRefreshMs);
      refreshTimer.unref();
      log.info('collector running', { groupId: opts.groupId, topics: topics.length });
    },
    async stop() {
      if (!running) return;
      running = false;
      state = 'stopped';
      restart = null;
      if (refreshTimer) clearInterval(refreshTimer);
      if (waitTimer) clearInterval(waitTimer);
      if (restartTimer) clearTimeout(restartTimer);
      await restarting;
      await probe.close().catch(() => {});
      await settled(); // batches already handed to the write queue (no new ones are)
      await sendCommits();
      await consumer?.disconnect().catch(() => {});
      consumer = null;
    },
    stats(): CollectorStats {
      const now = Date.now();
      const n = recent.filter((r) => r.at >= now - RATE_WINDOW_MS).reduce((s, r) => s + r.n, 0);
      return {
        running: state === 'running',
        state,
        restart,
        waitingPartitions: waits.list(),
        groupId: opts.groupId,
        topics,
        eventsPerSecond: Math.round(n / (RATE_WINDOW_MS / 1000)),
        ...stats,
      };
    },
    /**
     * Lag behind each topic: end offsets minus stored positions, summed over partitions.
     * The watermarks come from the facade's cluster read (a few requests for all topics).
     */
    async lag(): Promise<{ topic: string; lag: number }[]> {
      if (!running) return [];
      const [stored, cluster] = await Promise.all([store.positions(), deps.kafka.readCluster().catch(() => null)]);
      const byName = new Map(cluster?.topics.map((t) => [t.name, t]));
      return topics.map((topic) => ({ topic, lag: topicLag(topic, byName.get(topic)?.partitions ?? [], stored) }));
    },
  };
}

export type Collector = ReturnType<typeof createCollector>;

interface HandedOver {
  write: Promise<BatchResult>;
  stored: Promise<boolean>;
}

function problemCounts(rows: readonly EventRow[]): Map<Problem, number> {
  const counts = new Map<Problem, number>();
  for (const r of rows) for (const p of r.problems) counts.set(p, (counts.get(p) ?? 0) + 1);
  return counts;
}

/** Records between each partition's stored position (else its log start) and its high watermark. */
function topicLag(topic: string, partitions: RawPartition[], stored: Map<string, bigint>): number {
  let lag = 0;
  for (const p of partitions) {
    if (p.high === null) continue;
    const next = stored.get(`${topic}/${p.partition}`) ?? BigInt(p.low ?? 0);
    const d = BigInt(p.high) - next;
    if (d > 0n) lag += Number(d);
  }
  return lag;
}
