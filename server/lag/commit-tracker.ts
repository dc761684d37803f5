import { hostname } from 'node:os';
import type { Consumer, EachBatchPayload } from 'kafkajs';
import type { KafkaService } from '../kafka';
import type { Logger } from '../log/logger';
import { backoffDelay } from '../polling/poll-loop';
import { decodeConsumerOffsetsRecord, type OffsetCommit } from './consumer-offsets-codec';
import { commitKey, createCommitLog, type PartitionCommits } from './commit-log';

export const OFFSETS_TOPIC = '__consumer_offsets';
/** Every tracker's group starts with this; their (absent) commits are never tracked. */
export const TRACKER_GROUP_PREFIX = 'eventline-commit-tracker-';

/** Longest wait in stop() for a launch in flight, and then for the consumer to leave its group. */
const STOP_WAIT_MS = 4000;
/** How often to look again for a __consumer_offsets that does not exist yet. */
const TOPIC_WAIT_MS = 3000;

export type CommitTrackerState = 'loading' | 'ready' | 'unavailable';

export interface CommitTrackerStatus {
  state: CommitTrackerState;
  /** Why the tracker is not ready, in words for the lag reasons. */
  reason: string | null;
  /** How long reading __consumer_offsets up to its end took at the last (re)start. */
  loadedInMs: number | null;
}

/** What the lag monitor reads: commit events per partition, when the tracker can see them. */
export interface CommitSource {
  status(): CommitTrackerStatus;
  commitsOf(group: string, topic: string, partition: number): PartitionCommits | null;
}

export interface CommitTrackerOptions {
  kafka: Pick<KafkaService, 'client' | 'readCluster'>;
  log: Logger;
  /** How long commit times are kept per partition: at least the lag window's span. */
  keepMs: number;
  groupId?: string;
  /** Longest wait in start() for the consumer to join; loading goes on in the background. */
  startTimeoutMs?: number;
  now?: () => number;
  /** Every commit read (the history at each start too), e.g. to record it; must not throw. */
  onCommit?: (commit: OffsetCommit) => void;
}

/**
 * Reads `__consumer_offsets` from its beginning (it is compacted, so that is every
 * group's latest commit plus recent history) and keeps, per (group, topic, partition),
 * the last committed offset and the commit times (the coordinator's timestamps, not when
 * we read them). With these the lag evaluator can tell a consumer that keeps committing
 * the same offset (STALL) from one that stopped committing (STOP) — admin polls alone see
 * only the offset. The consumer never commits: its group holds no offsets to expire.
 */
export function createCommitTracker(opts: CommitTrackerOptions): CommitSource & { start(): Promise<void>; stop(): Promise<void>; whenReady(timeoutMs: number): Promise<CommitTrackerStatus> } {
  const { kafka, log } = opts;
  const now = opts.now ?? Date.now;
  const groupId = opts.groupId ?? `${TRACKER_GROUP_PREFIX}${hostname()}-${process.pid}`;
  const startTimeoutMs = opts.startTimeoutMs ?? 15_000;
  const commits = createCommitLog({ keepMs: opts.keepMs, now });
  let status: CommitTrackerStatus = { state: 'unavailable', reason: 'the commit tracker has not started', loadedInMs: null };
  let consumer: Consumer | null = null;
  let launching: Promise<void> | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let running = false;
  let readyWaiters: (() => void)[] = [];
  /** Per partition of __consumer_offsets: the end offset at start, until reached. */
  let pending = new Map<number, number>();
  let loadStarted = 0;
  /** This attempt has read every partition up to where it ended at the start. */
  let loaded = false;
  /** Failures in a row: the wait before starting over doubles (1 s … 15 s) while access stays denied. */
  let failures = 0;

  function setStatus(next: CommitTrackerStatus) {
    if (next.state === 'ready') log.info('commit tracker read __consumer_offsets to its end', { loadedInMs: next.loadedInMs });
    status = next;
    if (next.state !== 'loading') for (const w of readyWaiters.splice(0)) w();
  }

  function markLoaded(partition: number, lastOffset: number) {
    const target = pending.get(partition);
    if (target === undefined || lastOffset < target - 1) return;
    pending.delete(partition);
    if (pending.size === 0) ready();
  }

  function ready() {
    if (loaded) return;
    loaded = true;
    failures = 0;
    setStatus({ state: 'ready', reason: null, loadedInMs: Math.round(performance.now() - loadStarted) });
  }

  async function eachBatch({ batch, heartbeat }: EachBatchPayload) {
    for (const m of batch.messages) {
      const r = decodeConsumerOffsetsRecord(m.key, m.value);
      if (r.kind === 'commit') record(r);
      else if (r.kind === 'deleted') commits.forget(commitKey(r.group, r.topic, r.partition));
      else if (r.kind === 'unsupported' || r.kind === 'malformed') log.debug('skipped a __consumer_offsets record', { offset: m.offset, reason: r.reason });
    }
    await heartbeat();
  }

  function record(c: OffsetCommit) {
    if (c.group.startsWith(TRACKER_GROUP_PREFIX)) return;
    commits.add(commitKey(c.group, c.topic, c.partition), c.offset, c.commitTimestamp);
    opts.onCommit?.(c);
  }

  async function launch() {
    loadStarted = performance.now();
    loaded = false;
    commits.clear();
    const cluster = await kafka.readCluster();
    if (!running) return;
    const topic = cluster.topics.find((t) => t.name === OFFSETS_TOPIC);
    if (!topic) {
      // The broker creates it with the first group's coordinator lookup; until then no group has committed anything.
      setStatus({ state: 'loading', reason: `${OFFSETS_TOPIC} is not visible: no group has committed yet, or this user may not describe it`, loadedInMs: null });
      return schedule(TOPIC_WAIT_MS);
    }
    // After a failure the status stays unavailable (with its reason) until this attempt has loaded.
    if (failures === 0) setStatus({ state: 'loading', reason: `reading ${OFFSETS_TOPIC} up to its end`, loadedInMs: null });
    pending = new Map(topic.partitions.filter((p) => p.high !== null && p.high > (p.low ?? 0)).map((p) => [p.partition, p.high!]));
    const c = kafka.client.consumer({
      groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 500,
      // One failure ends this consumer; we start over on our own timer, from the beginning.
      retry: { retries: 2, restartOnFailure: async () => false },
    });
    consumer = c;
    c.on(c.events.END_BATCH_PROCESS, ({ payload }) => markLoaded(payload.partition, Number(payload.lastOffset)));
    c.on(c.events.CRASH, ({ payload }) => {
      if (consumer !== c) return;
      fail(payload.error);
    });
    await c.connect();
    await c.subscribe({ topics: [OFFSETS_TOPIC], fromBeginning: true });
    await c.run({ autoCommit: false, eachBatch });
    if (pending.size === 0) ready();
  }

  function fail(err: unknown) {
    const message = err instanceof Error ? err.message : String(err);
    // Stopping mid-launch makes the launch fail: that is not news.
    if (!running) return log.debug('commit tracker launch ended by stop', { error: message });
    failures += 1;
    setStatus({ state: 'unavailable', reason: `cannot read ${OFFSETS_TOPIC}: ${message}`, loadedInMs: null });
    const retryInMs = backoffDelay(failures, 0);
    // A broker still starting or a coordinator moving fails a launch now and then: warn only when it persists.
    if (failures === 3) log.warn('commit tracker cannot read __consumer_offsets; lag falls back to polled offsets', { error: message });
    else log.debug('commit tracker failed', { error: message, retryInMs });
    schedule(retryInMs);
  }

  function schedule(ms: number) {
    if (retryTimer || !running) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (running) void restart();
    }, ms);
    retryTimer.unref();
  }

  async function restart() {
    await disconnect();
    if (!running) return;
    launching = launch().catch(fail);
    await launching;
  }

  async function disconnect() {
    const c = consumer;
    consumer = null;
    await c?.disconnect().catch((err) => log.debug('commit tracker disconnect failed', { error: (err as Error).message }));
  }

  return {
    status: () => status,
    commitsOf: (group, topic, partition) => (status.state === 'ready' ? commits.get(commitKey(group, topic, partition)) : null),
    /** Starts reading; waits at most startTimeoutMs, then loading goes on in the background. */
    async start() {
      if (running) return;
      running = true;
      failures = 0;
      setStatus({ state: 'loading', reason: 'connecting', loadedInMs: null });
      launching = launch().catch(fail);
      await withTimeout(launching, startTimeoutMs);
    },
    /** Resolves when this load attempt ends (ready, or unavailable until the next attempt) or the timeout passes, with the status then. */
    async whenReady(timeoutMs: number) {
      if (status.state !== 'loading') return status;
      await withTimeout(new Promise<void>((resolve) => readyWaiters.push(resolve)), timeoutMs);
      return status;
    },
    async stop() {
      running = false;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      // A launch in flight may still be joining: give it a moment to settle; its consumer is disconnected either way.
      if (launching) await withTimeout(launching, STOP_WAIT_MS);
      await withTimeout(disconnect(), STOP_WAIT_MS);
      setStatus({ state: 'unavailable', reason: 'the commit tracker is stopped', loadedInMs: status.loadedInMs });
      readyWaiters = [];
    },
  };
}

export type CommitTracker = ReturnType<typeof createCommitTracker>;

async function withTimeout(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
