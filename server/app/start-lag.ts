import type { AuthService } from '../auth';
import type { EventlineConfig } from '../config';
import type { KafkaService } from '../kafka';
import { createCommitTracker, createLagHistory, createLagMonitor, renderMetrics } from '../lag';
import { createCommitHistory } from '../lag/commit-history';
import { createMetricsEndpoint } from '../http/metrics-endpoint';
import type { Logger } from '../log/logger';
import type { Database } from '../store';
import type { ClusterWatch } from '../topics';
import { renderCoverageMetrics, type CoverageQueries } from '../traces';
import type { StopStack } from './stop-stack';

/** The commit tracker (its commits recorded for pickups), the lag monitor, its history (recorded each cycle, rolled up in the background) and /metrics. */
export async function startLag(deps: {
  config: EventlineConfig;
  kafka: KafkaService;
  database: Database;
  clusterWatch: ClusterWatch;
  auth: AuthService;
  /** Id coverage per topic, appended to /metrics (the traces domain renders it). */
  coverage?: CoverageQueries;
  /** More lines for /metrics, by cluster name (the event catalog's, created after the lag monitor). */
  moreMetrics?: (clusterName: string) => Promise<string>;
  log: Logger;
  stack: StopStack;
  /** Start polling now (default). Off when another process may hold the lag lease (REDIS_URL). */
  poll?: boolean;
}) {
  const { config, kafka, database, clusterWatch, auth, log, stack } = deps;
  // Raw samples and recorded commits are kept alike: pickups read both.
  const rawRetentionMs = config.EVENTLINE_LAG_RAW_RETENTION_HOURS * 3_600_000;
  const lagHistory = createLagHistory({
    database,
    retention: {
      rawMs: rawRetentionMs,
      minuteMs: config.EVENTLINE_LAG_MINUTE_RETENTION_DAYS * 86_400_000,
      hourMs: config.EVENTLINE_LAG_HOUR_RETENTION_DAYS * 86_400_000,
    },
  });
  // Commit events from __consumer_offsets tell STALL from STOP, and (recorded) give the
  // trace page exact pickup times. Not awaited: until it has read the topic to its end (or
  // when it may not read it) lag falls back to polled offsets.
  const commitHistory = config.EVENTLINE_COMMIT_TRACKER
    ? createCommitHistory({ database, log: log.child('commit-history'), retentionMs: rawRetentionMs })
    : null;
  const commitTracker = commitHistory
    ? createCommitTracker({ kafka, log: log.child('commit-tracker'), keepMs: 2 * config.EVENTLINE_LAG_WINDOW * config.EVENTLINE_LAG_POLL_MS, onCommit: commitHistory.add })
    : null;
  if (commitHistory && commitTracker) {
    commitHistory.start();
    // Stopped after the tracker (the stack runs in reverse): what it read last is written.
    stack.push({ name: 'commit history', stop: () => commitHistory.stop(), timeoutMs: 3_000 });
    void commitTracker.start();
    stack.push({ name: 'commit tracker', stop: () => commitTracker.stop(), timeoutMs: 10_000 });
  }
  const lagMonitor = createLagMonitor({
    kafka,
    log: log.child('lag'),
    intervalMs: config.EVENTLINE_LAG_POLL_MS,
    windowSize: config.EVENTLINE_LAG_WINDOW,
    commits: commitTracker,
    // Marked whether or not this process runs a collector: `npm run collector` processes share the name.
    collectorGroupId: config.EVENTLINE_COLLECTOR_GROUP,
    onCycle: (cycle) => lagHistory.record(cycle),
  });
  if (deps.poll !== false) await lagMonitor.start();
  stack.push({ name: 'lag monitor', stop: () => lagMonitor.stop() });
  const rollup = setInterval(() => {
    lagHistory.rollUpAndPrune().catch((err) => log.warn('lag rollup failed', { error: (err as Error).message }));
    commitHistory?.prune().catch((err) => log.warn('pruning consumer commits failed', { error: (err as Error).message }));
  }, config.EVENTLINE_LAG_ROLLUP_MS);
  rollup.unref();
  stack.push({ name: 'lag rollup', stop: async () => clearInterval(rollup) });
  const metrics = createMetricsEndpoint({
    auth,
    token: config.EVENTLINE_METRICS_TOKEN,
    render: async () => {
      const clusterId = clusterWatch.snapshot().overview?.clusterId ?? null;
      const lag = renderMetrics({
        clusterId,
        lag: lagMonitor.snapshot(),
        groups: lagMonitor.details(),
        cluster: clusterWatch.snapshot(),
        clusterPollMs: clusterWatch.lastPollMs(),
      });
      // A failing coverage read leaves the lag figures standing.
      const coverage = deps.coverage ? await deps.coverage.coverage().then((t) => renderCoverageMetrics(t, clusterId ?? 'unknown')).catch(() => '') : '';
      const more = deps.moreMetrics ? await deps.moreMetrics(clusterId ?? 'unknown').catch(() => '') : '';
      return lag + coverage + more;
    },
  });
  return { lagHistory, lagMonitor, metrics };
}
