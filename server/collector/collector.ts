// The collector: tails every matching topic in a consumer group of its own, turns each
// record into an `events` row and writes the batches of the partitions fetched together
// in one statement, with their new positions (write-queue.ts, event-store.ts).
//
// Exactly once in the store, whatever happens to the process:
// * positions live in the database, written with the events they cover;
// * on every assignment (GROUP_JOIN) the stored positions are reloaded and sought to;
// * every batch is also checked against the stored position before it is written
//   (a batch fetched before the seek landed is trimmed or skipped), and the unique key
//   on (cluster, topic, partition, offset) refuses whatever slips through.
// Kafka commits are made too, after the database commit, only so that lag monitors
// see the collector's group; they are never read back.
import { EventEmitter } from 'node:events';
import type { Admin, Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Logger } from '../log/logger';
import type { CollectorHealth } from '../../lib/trace-types';
import type { SqlExecutor } from '../store';
import { defaultCollectorOptions, defaultConventions, defaultLimits } from './defaults';
import { createEventStore } from './event-store';
import { extractEvent } from './extract';
import { createWriteQueue } from './write-queue';
import type { ExtractLimits, IdConventions, Problem } from './types';

export interface CollectorOptions {
  include: RegExp[];
  exclude: RegExp[];
  groupId: string;
  cluster: string;
  topicRefreshMs: number;
  maxWaitTimeInMs: number;
  fromBeginning: boolean;
  conventions: IdConventions;
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
}

export interface CollectorDeps {
  kafka: Kafka;
  sql: SqlExecutor;
  log: Logger;
  options?: Partial<CollectorOptions>;
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

export function createCollector(deps: CollectorDeps) {
  const opts: CollectorOptions = {
    ...defaultCollectorOptions,
    conventions: defaultConventions,
    limits: defaultLimits,
    partitionsConcurrently: 16,
    writesConcurrently: 1,
    maxRowsPerWrite: 20_000,
    sessionTimeoutMs: 30_000,
    ...deps.options,
  };
  const { kafka, log } = deps;
  const store = createEventStore(deps.sql, { cluster: opts.cluster, groupId: opts.groupId });
  const queue = createWriteQueue(store, { concurrency: opts.writesConcurrently, maxRows: opts.maxRowsPerWrite });
  const events = new EventEmitter<{ stored: [StoredBatch] }>();
  const positions = new Map<string, bigint>();
  let positionsLoaded: Promise<void> | null = null;
  let consumer: Consumer | null = null;
  let admin: Admin | null = null;
  let topics: string[] = [];
  let refreshTimer: NodeJS.Timeout | null = null;
  let running = false;
  let restarting: Promise<void> = Promise.resolve();
  const recent: { at: number; n: number }[] = [];
  const stats = {
    eventsStored: 0,
    duplicatesSkipped: 0,
    batches: 0,
    lastBatch: null as CollectorStats['lastBatch'],
    problems: {} as Partial<Record<Problem, number>>,
    writeErrors: 0,
    lastError: null as string | null,
  };

  // The partitions of one fetch are handed over together; extracting them one per turn of
  // the event loop (each waits for the previous one's turn) lets the first batches' write
  // go to the database while the next batches are still being extracted.
  let extractLane: Promise<void> = Promise.resolve();
  const nextTurn = () => (extractLane = extractLane.then(() => new Promise<void>((r) => setImmediate(r))));

  const wanted = (topic: string) => opts.include.some((r) => r.test(topic)) && !opts.exclude.some((r) => r.test(topic));

  /** Reloads every stored position (after an assignment another process may have moved them). */
  const reloadPositions = () => {
    positionsLoaded = store.positions().then((m) => {
      positions.clear();
      for (const [k, v] of m) positions.set(k, v);
    });
    return positionsLoaded;
  };

  async function eachBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload) {
    if (batch.messages.length === 0) return;
    await (positionsLoaded ?? reloadPositions());
    const key = `${batch.topic}/${batch.partition}`;
    const next = positions.get(key);
    const last = batch.messages[batch.messages.length - 1]!.offset;
    const fresh = next === undefined ? batch.messages : batch.messages.filter((m) => BigInt(m.offset) >= next);
    stats.duplicatesSkipped += batch.messages.length - fresh.length;
    if (fresh.length === 0) {
      // Fetched from behind the stored position (before the seek landed): skip ahead.
      consumer?.seek({ topic: batch.topic, partition: batch.partition, offset: String(next) });
      return;
    }
    if (!isRunning() || isStale()) return;
    await nextTurn();
    if (!isRunning() || isStale()) return;

    const started = performance.now();
    const rows = fresh.map((m) =>
      extractEvent(
        { topic: batch.topic, partition: batch.partition, offset: m.offset, timestamp: m.timestamp, key: m.key, value: m.value, headers: m.headers },
        opts.conventions,
        opts.limits,
      ),
    );
    const nextOffset = BigInt(last) + 1n;
    let result;
    try {
      result = await queue.submit(rows, { topic: batch.topic, partition: batch.partition, next: String(nextOffset) });
    } catch (err) {
      stats.writeErrors++;
      stats.lastError = (err as Error).message;
      log.warn('storing a batch failed; it will be fetched again', { topic: batch.topic, partition: batch.partition, error: err });
      throw err; // kafkajs backs off and refetches from the last resolved offset
    }
    const cur = positions.get(key);
    if (cur === undefined || cur < nextOffset) positions.set(key, nextOffset);
    const ms = performance.now() - started;
    stats.batches++;
    stats.eventsStored += result.inserted;
    stats.duplicatesSkipped += rows.length - result.inserted;
    stats.lastBatch = { size: rows.length, ms: Math.round(ms * 10) / 10, at: new Date().toISOString() };
    for (const r of rows) for (const p of r.problems) stats.problems[p] = (stats.problems[p] ?? 0) + 1;
    const now = Date.now();
    recent.push({ at: now, n: result.inserted });
    while (recent.length > 0 && recent[0]!.at < now - RATE_WINDOW_MS) recent.shift();

    resolveOffset(last);
    // Not awaited: the store is the truth, this commit only shows the group's lag to others.
    void consumer?.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: String(nextOffset) }]).catch(() => {});
    await heartbeat().catch(() => {});
    if (result.inserted > 0) events.emit('stored', { topic: batch.topic, partition: batch.partition, inserted: result.inserted, traces: result.traces });
  }

  async function startConsumer(list: string[]) {
    topics = list;
    if (list.length === 0) return;
    const c = kafka.consumer({
      groupId: opts.groupId,
      maxWaitTimeInMs: opts.maxWaitTimeInMs,
      allowAutoTopicCreation: false,
      sessionTimeout: opts.sessionTimeoutMs,
      heartbeatInterval: Math.min(3000, Math.floor(opts.sessionTimeoutMs / 5)),
    });
    c.on(c.events.GROUP_JOIN, ({ payload }) => {
      // A rebalance: positions may have moved in another process. Reload, then seek every
      // assigned partition to where the store says it is.
      const assignment = payload.memberAssignment;
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
      stats.lastError = payload.error.message;
      log.warn('collector consumer crashed', { error: payload.error, restart: payload.restart });
    });
    await c.connect();
    await c.subscribe({ topics: list, fromBeginning: opts.fromBeginning });
    await c.run({ autoCommit: false, eachBatchAutoResolve: false, partitionsConsumedConcurrently: opts.partitionsConcurrently, eachBatch });
    consumer = c;
  }

  async function matchingTopics(): Promise<string[]> {
    const all = await admin!.listTopics();
    return all.filter(wanted).sort();
  }

  /** New (or deleted) topics: rejoin with the new list. Positions are in the store, so nothing is lost. */
  async function refreshTopics() {
    const list = await matchingTopics();
    if (list.join('\n') === topics.join('\n')) return;
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
      admin = kafka.admin();
      await admin.connect();
      await startConsumer(await matchingTopics());
      refreshTimer = setInterval(() => {
        restarting = restarting.then(() => (running ? refreshTopics() : undefined)).catch((err) => log.warn('topic refresh failed', { error: err }));
      }, opts.topicRefreshMs);
      refreshTimer.unref();
      log.info('collector running', { groupId: opts.groupId, topics: topics.length });
    },
    async stop() {
      if (!running) return;
      running = false;
      if (refreshTimer) clearInterval(refreshTimer);
      await restarting;
      await consumer?.disconnect().catch(() => {});
      consumer = null;
      await admin?.disconnect().catch(() => {});
      admin = null;
    },
    stats(): CollectorStats {
      const now = Date.now();
      const n = recent.filter((r) => r.at >= now - RATE_WINDOW_MS).reduce((s, r) => s + r.n, 0);
      return { running, groupId: opts.groupId, topics, eventsPerSecond: Math.round(n / (RATE_WINDOW_MS / 1000)), ...stats };
    },
    /** Lag behind each topic: end offsets minus stored positions, summed over partitions. */
    async lag(): Promise<{ topic: string; lag: number }[]> {
      if (!admin) return [];
      const stored = await store.positions();
      const out: { topic: string; lag: number }[] = [];
      for (const topic of topics) {
        const ends = await admin.fetchTopicOffsets(topic).catch(() => []);
        let lag = 0;
        for (const e of ends) {
          const next = stored.get(`${topic}/${e.partition}`) ?? BigInt(e.low);
          const d = BigInt(e.high) - next;
          if (d > 0n) lag += Number(d);
        }
        out.push({ topic, lag });
      }
      return out;
    },
  };
}

export type Collector = ReturnType<typeof createCollector>;
