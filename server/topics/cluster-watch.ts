import { EventEmitter } from 'node:events';
import type { ClusterOverview, ClusterSnapshot, KafkaConnectionState, TopicsDiff } from '../../lib/cluster-types';
import type { KafkaService } from '../kafka';
import type { Logger } from '../log/logger';
import { backoffDelay, createPollLoop } from '../polling/poll-loop';
import { buildOverview, diffTopics, summarizeTopics, type RateHistory } from './summarize-cluster';

export interface ClusterWatchEvents {
  overview: [ClusterOverview];
  connection: [KafkaConnectionState];
  topicsDiff: [TopicsDiff];
}


/**
 * Polls the cluster on a fixed interval and keeps the latest snapshot; emits the
 * overview, connection changes and topic diffs for socket.io to push. While Kafka is
 * unreachable it keeps the last known data (marked by the connection state), backs
 * off, and reconnects by itself.
 */
export function createClusterWatch(deps: {
  kafka: Pick<KafkaService, 'readCluster' | 'brokers'>;
  intervalMs: number;
  log: Logger;
  /** KAFKA_CLUSTER_NAME; by default the first bootstrap broker, which is how people found the cluster. */
  clusterName?: string;
}) {
  const { kafka, intervalMs, log } = deps;
  const clusterName = deps.clusterName ?? kafka.brokers[0] ?? 'Kafka';
  const events = new EventEmitter<ClusterWatchEvents>();
  const history: RateHistory = new Map();
  let snapshot: ClusterSnapshot = {
    connection: { status: 'connecting', brokers: kafka.brokers, since: Date.now() },
    overview: null,
    topics: [],
  };
  let failures = 0;
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
      const overview = buildOverview(raw, clusterName);
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

  const retryDelay = () => backoffDelay(failures, intervalMs);
  const loop = createPollLoop({ run: pollOnce, delay: retryDelay });

  return {
    events,
    snapshot: () => snapshot,
    lastPollMs: () => lastPollMs,
    /** Polls now (and waits for it); later polls follow on the interval. */
    start: loop.start,
    /** Polls right away, e.g. after a topic was created, so the page need not wait. */
    refresh: loop.runNow,
    /**
     * Takes the snapshot of the process that polls (several processes on Redis, see
     * server/realtime/redis-fanout.ts). Emits nothing: that process already pushed it.
     */
    adopt(next: ClusterSnapshot) {
      snapshot = next;
    },
    stop: loop.stop,
  };
}

export type ClusterWatch = ReturnType<typeof createClusterWatch>;
