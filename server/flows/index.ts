// The flows domain: the service → topic → consumer map, built on demand from the
// collector's rollups (flow-queries.ts), the cluster watch's topics and the lag monitor's
// latest cycle, by the pure builder in lib/flow-graph.ts. Live: while someone watches a
// window, its graph is rebuilt and handed out at most every `liveIntervalMs`.
import { buildFlowGraph, type FlowGroupInput } from '../../lib/flow-graph';
import { FLOW_WINDOW_MS, type FlowGraph, type FlowWindow } from '../../lib/flow-types';
import { worstStatus, type GroupDetail } from '../../lib/lag-types';
import type { LagMonitor } from '../lag';
import type { Logger } from '../log/logger';
import type { SqlExecutor } from '../store';
import type { ClusterWatch } from '../topics';
import { buildAsyncApi } from './build-asyncapi';
import { createConsumeRates } from './consume-rates';
import { HOUR_MS, readFirstBucket, readRollups, windowBuckets } from './flow-queries';

export { buildAsyncApi, type AsyncApiDocument } from './build-asyncapi';

export interface FlowServiceDeps {
  sql: SqlExecutor;
  clusterWatch: Pick<ClusterWatch, 'snapshot'>;
  lagMonitor: Pick<LagMonitor, 'details' | 'events' | 'snapshot'>;
  log: Logger;
  /** The cluster name the collector stores events under (default 'default'). */
  cluster?: string;
  /** How often a watched window is pushed (default 2 s, the most the page wants). */
  liveIntervalMs?: number;
  now?: () => number;
}

function groupInputs(groups: readonly GroupDetail[], rate: (g: string, t: string) => number | null): FlowGroupInput[] {
  return groups.map((g) => {
    const byTopic = new Map<string, GroupDetail['partitions']>();
    for (const p of g.partitions) (byTopic.get(p.topic) ?? byTopic.set(p.topic, []).get(p.topic)!).push(p);
    // A group with members but no committed partitions yet still reads its subscribed topics.
    for (const t of g.topics) if (!byTopic.has(t)) byTopic.set(t, []);
    return {
      groupId: g.groupId,
      status: g.status,
      own: g.eventline,
      topics: [...byTopic].map(([topic, ps]) => {
        const lags = ps.map((p) => p.lag).filter((l) => l !== null);
        const secs = ps.map((p) => p.lagSeconds).filter((l) => l !== null);
        return {
          topic,
          lag: lags.length ? lags.reduce((a, b) => a + b, 0) : null,
          lagSeconds: secs.length ? Math.max(...secs) : null,
          consumeRate: rate(g.groupId, topic),
          status: ps.length ? worstStatus(ps.map((p) => p.status)) : g.status,
        };
      }),
    };
  });
}

export function createFlowService(deps: FlowServiceDeps) {
  const cluster = deps.cluster ?? 'default';
  const now = deps.now ?? Date.now;
  const rates = createConsumeRates();
  const onCycle = () => rates.update(deps.lagMonitor.snapshot().observedAt ?? now(), deps.lagMonitor.details());
  deps.lagMonitor.events.on('cycle', onCycle);

  async function graph(window: FlowWindow): Promise<FlowGraph> {
    const started = performance.now();
    const to = now();
    const { stepMs, from: windowFrom } = windowBuckets(FLOW_WINDOW_MS[window], to);
    const [rollups, firstBucket] = await Promise.all([readRollups(deps.sql, cluster, stepMs, windowFrom), readFirstBucket(deps.sql, cluster)]);
    // Rates divide by the time the rollups really cover; `to` bounds it so a first bucket a
    // moment ahead of this clock (another process's) still leaves a one-second window.
    const from = firstBucket === null ? windowFrom : Math.min(to, Math.max(windowFrom, firstBucket));
    const topics = deps.clusterWatch.snapshot().topics.map((t) => ({ name: t.name, internal: t.internal, messagesPerSecond: t.messagesPerSecond }));
    const built = buildFlowGraph({ window, from, to, rollups, topics, groups: groupInputs(deps.lagMonitor.details(), rates.rate) });
    return { ...built, buildMs: Math.round((performance.now() - started) * 10) / 10 };
  }

  const timers = new Set<NodeJS.Timeout>();
  return {
    graph,
    /** msg/s a group's committed offsets moved on a topic between the last two lag cycles; null until known. */
    consumeRate: rates.rate,
    /** Everything the rollups still hold (hour buckets over the retention), as AsyncAPI 3.0. */
    async asyncapi() {
      const to = now();
      const from = 0;
      const rollups = await readRollups(deps.sql, cluster, HOUR_MS, from);
      const topics = deps.clusterWatch.snapshot().topics.map((t) => ({ name: t.name, internal: t.internal, messagesPerSecond: null }));
      const first = rollups.length ? to - FLOW_WINDOW_MS['24h'] : to;
      const g = buildFlowGraph({ window: '24h', from: first, to, rollups, topics, groups: groupInputs(deps.lagMonitor.details(), () => null) });
      return buildAsyncApi(g, { cluster, version: new Date(to).toISOString().slice(0, 10) });
    },
    /**
     * Pushes the graph of each watched window (`windows()`, e.g. the socket rooms with members)
     * every interval. One build at a time: a slow database skips a tick rather than piling up.
     */
    live(opts: { windows: () => FlowWindow[]; emit: (window: FlowWindow, graph: FlowGraph) => void }): () => void {
      let busy = false;
      const timer = setInterval(async () => {
        if (busy) return;
        busy = true;
        try {
          for (const w of opts.windows()) opts.emit(w, await graph(w));
        } catch (err) {
          deps.log.warn('flow map update failed', { error: (err as Error).message });
        } finally {
          busy = false;
        }
      }, deps.liveIntervalMs ?? 2000);
      timer.unref();
      timers.add(timer);
      return () => {
        clearInterval(timer);
        timers.delete(timer);
      };
    },
    close() {
      for (const t of timers) clearInterval(t);
      timers.clear();
      deps.lagMonitor.events.off('cycle', onCycle);
    },
  };
}

export type FlowService = ReturnType<typeof createFlowService>;
