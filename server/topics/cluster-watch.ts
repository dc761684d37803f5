import { EventEmitter } from 'node:events';
import type { ClusterOverview, ClusterSnapshot, KafkaConnectionState, TopicsDiff } from '../../lib/cluster-types';
import type { KafkaService } from '../kafka';
import type { Logger } from '../log/logger';
import { buildOverview, diffTopics, summarizeTopics, type RateHistory } from './summarize-cluster';

export interface ClusterWatchEvents {
  overview: [ClusterOverview];
  connection: [KafkaConnectionState];
  topicsDiff: [TopicsDiff];
}

/** Back-off between attempts while Kafka is unreachable: 1 s doubling up to this. */
const MAX_RETRY_MS = 15_000;

/**
 * Polls the cluster on a fixed interval and keeps the latest snapshot; emits the
 * overview, connection changes and topic diffs for socket.io to push. While Kafka is
 * unreachable it keeps the last known data (marked by the connection state), backs
 * off, and reconnects by itself.
 */
export function createClusterWatch(deps: { kafka: Pick<KafkaService, 'readCluster' | 'brokers'>; intervalMs: number; log: Logger }) {
  const { kafka, intervalMs, log } = deps;
  const events = new EventEmitter<ClusterWatchEvents>();
  const history: RateHistory = new Map();
  let snapshot: ClusterSnapshot = {
    connection: { status: 'connecting', brokers: kafka.brokers, since: Date.now() },
    overview: null,
    topics: [],
  };
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let failures = 0;
  let inFlight: Promise<void> | null = null;
  let lastPollMs = 0;

  function setConnection(next: KafkaConnectionState) {
    const prev = snapshot.connection;
    const changed = prev.status !== next.status || (prev.status === 'unreachable' && next.status === 'unreachable' && prev.error !== next.error);
    snapshot = { ...snapshot, connection: changed ? next : { ...next, since: prev.since } };
    if (!changed) return;
    if (next.status === 'unreachable') log.warn('Kafka unreachable', { brokers: next.brokers, error: next.error });
    else if (next.status === 'connected') log.info('Kafka connected', { brokers: next.brokers });
    events.emit('connection', snapshot.connection);
  }

  async function pollOnce(): Promise<void> {
    const started = performance.now();
    try {
      const raw = await kafka.readCluster();
      const overview = buildOverview(raw);
      const topics = summarizeTopics(raw, history);
      const diff = diffTopics(snapshot.topics, topics, raw.observedAt);
      snapshot = { ...snapshot, overview, topics };
      failures = 0;
      setConnection({ status: 'connected', brokers: kafka.brokers, since: Date.now() });
      events.emit('overview', overview);
      if (diff.upserted.length || diff.removed.length) events.emit('topicsDiff', diff);
    } catch (err) {
      failures += 1;
      setConnection({
        status: 'unreachable',
        brokers: kafka.brokers,
        since: Date.now(),
        error: (err as Error).message,
        retryInMs: retryDelay(),
      });
    } finally {
      lastPollMs = performance.now() - started;
    }
  }

  function retryDelay() {
    return failures === 0 ? intervalMs : Math.min(MAX_RETRY_MS, 1000 * 2 ** (failures - 1));
  }

  function schedule() {
    if (!running) return;
    timer = setTimeout(async () => {
      inFlight = pollOnce();
      await inFlight;
      inFlight = null;
      schedule();
    }, retryDelay());
  }

  return {
    events,
    snapshot: () => snapshot,
    lastPollMs: () => lastPollMs,
    /** Polls now (and waits for it); later polls follow on the interval. */
    async start() {
      if (running) return;
      running = true;
      inFlight = pollOnce();
      await inFlight;
      inFlight = null;
      schedule();
    },
    /** Polls right away, e.g. after a topic was created, so the page need not wait. */
    async refresh() {
      if (inFlight) await inFlight;
      await pollOnce();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      if (inFlight) await inFlight;
    },
  };
}

export type ClusterWatch = ReturnType<typeof createClusterWatch>;
