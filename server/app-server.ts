import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import type { EventlineConfig } from './config';
import { createAuthService, SESSION_COOKIE } from './auth';
import { createApiApp } from './http/api-app';
import { createPageGuard, safeNextPath } from './http/page-guard';
import type { DemoSystem } from '../demo/index';
import { adminRoutes } from './http/routes/admin-routes';
import { demoRoutes } from './http/routes/demo-routes';
import { authRoutes } from './http/routes/auth-routes';
import { clusterRoutes } from './http/routes/cluster-routes';
import { healthRoutes } from './http/routes/health-routes';
import type { RouteDef } from './http/route-table';
import { connectionSettingsFromConfig, createKafkaService } from './kafka';
import { startLocalKafka, type LocalKafka } from './kafka/local-broker';
import type { Logger } from './log/logger';
import { createSocketServer } from './realtime/socket-server';
import { readCookie } from './realtime/read-cookie';
import { createDatabase } from './store';
import { createClusterWatch } from './topics';
import { createLagHistory, createLagMonitor, createOffsetReset, lagRoutes, renderMetrics } from './lag';
import { createMetricsEndpoint } from './lag/metrics-endpoint';

/** Longest wait for one part to stop during shutdown. */
const STOP_STEP_MS = 8_000;
import { collectorOptionsFromEnv, createCollector, type Collector, type CollectorOptions } from './collector';
import { traceRoutes } from './http/routes/trace-routes';
import { createRetention, createTraceService } from './traces';
import { createMessageBrowser, messageRoutes } from './messages';

export interface StartOptions {
  config: EventlineConfig;
  log: Logger;
  /** Serve pages through Next.js (default true). API-only tests turn it off. */
  pages?: boolean;
  projectRoot?: string;
  /**
   * Run the collector in this process (default: unless EVENTLINE_COLLECTOR=off), with
   * these options over the environment's (EVENTLINE_COLLECTOR_*).
   */
  collector?: boolean | Partial<CollectorOptions>;
}

/**
 * Wires Eventline together: config → Kafka (local or configured) → database → domains
 * → one HTTP server carrying the API (Hono), socket.io and Next.js. Returns a handle
 * whose `stop()` shuts everything down in reverse order.
 */
export async function startEventline(opts: StartOptions) {
  const { config, log } = opts;
  const root = opts.projectRoot ?? process.cwd();
  const dataDir = resolve(root, config.EVENTLINE_DATA_DIR);
  const stack: { name: string; stop: () => Promise<unknown>; timeoutMs?: number }[] = [];
  const stopAll = async () => {
    for (const { name, stop, timeoutMs = STOP_STEP_MS } of stack.reverse()) {
      // One stuck part (a consumer retrying a broker that is already gone) must not keep
      // the rest from closing: each step gets a bounded time.
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
      const outcome = await Promise.race([stop().then(() => 'ok' as const), timedOut]).catch((err) => {
        log.warn(`stopping ${name} failed`, { error: err });
        return 'failed' as const;
      });
      clearTimeout(timer);
      if (outcome === 'timeout') log.warn(`stopping ${name} took over ${timeoutMs / 1000} s; going on`);
    }
    stack.length = 0;
  };

  try {
    let localKafka: LocalKafka | null = null;
    if (!config.KAFKA_BROKERS) {
      log.info('No KAFKA_BROKERS set: starting a local Kafka', { version: config.KAFKA_VERSION });
      localKafka = await startLocalKafka({
        version: config.KAFKA_VERSION,
        dataDir: resolve(dataDir, 'kafka'),
        port: config.KAFKA_LOCAL_PORT,
        log: (line) => log.child('local-kafka').info(line),
      });
      // The first stop of a Kafka version writes its class-data archive: allow for it.
      stack.push({ name: 'local Kafka', stop: () => localKafka!.stop(), timeoutMs: 35_000 });
      log.info(`Local Kafka ${localKafka.version} ready`, { brokers: localKafka.brokers, startedInMs: localKafka.startedInMs });
    }
    const brokers = config.KAFKA_BROKERS ?? localKafka!.brokers;

    const database = await createDatabase({ url: config.DATABASE_URL, dataDir: resolve(dataDir, 'db') });
    stack.push({ name: 'database', stop: () => database.close() });
    log.info('Database ready', { kind: database.kind });

    const auth = createAuthService({ prisma: database.prisma, config, log });
    await auth.users.ensureFirstAdmin(config.EVENTLINE_ADMIN_PASSWORD, log);

    const kafka = createKafkaService(connectionSettingsFromConfig(config, brokers), log.child('kafka'));
    stack.push({ name: 'Kafka client', stop: () => kafka.close() });
    const clusterWatch = createClusterWatch({ kafka, intervalMs: config.EVENTLINE_CLUSTER_POLL_MS, log: log.child('cluster') });
    await clusterWatch.start();
    stack.push({ name: 'cluster watch', stop: () => clusterWatch.stop() });

    const lagHistory = createLagHistory({
      database,
      retention: {
        rawMs: config.EVENTLINE_LAG_RAW_RETENTION_HOURS * 3_600_000,
        minuteMs: config.EVENTLINE_LAG_MINUTE_RETENTION_DAYS * 86_400_000,
        hourMs: config.EVENTLINE_LAG_HOUR_RETENTION_DAYS * 86_400_000,
      },
    });
    const lagMonitor = createLagMonitor({
      kafka,
      log: log.child('lag'),
      intervalMs: config.EVENTLINE_LAG_POLL_MS,
      windowSize: config.EVENTLINE_LAG_WINDOW,
      onCycle: (cycle) => lagHistory.record(cycle),
    });
    await lagMonitor.start();
    stack.push({ name: 'lag monitor', stop: () => lagMonitor.stop() });
    const rollup = setInterval(() => {
      lagHistory.rollUpAndPrune().catch((err) => log.warn('lag rollup failed', { error: (err as Error).message }));
    }, config.EVENTLINE_LAG_ROLLUP_MS);
    rollup.unref();
    stack.push({ name: 'lag rollup', stop: async () => clearInterval(rollup) });
    const metrics = createMetricsEndpoint({
      auth,
      token: config.EVENTLINE_METRICS_TOKEN,
      render: () =>
        renderMetrics({
          clusterId: clusterWatch.snapshot().overview?.clusterId ?? null,
          lag: lagMonitor.snapshot(),
          groups: lagMonitor.details(),
          cluster: clusterWatch.snapshot(),
          clusterPollMs: clusterWatch.lastPollMs(),
        }),
    });

    // With no KAFKA_BROKERS the console runs its own Kafka, and the demo shop gives a
    // newcomer something alive to look at. EVENTLINE_DEMO overrides either way.
    let demo: DemoSystem | null = null;
    if (config.EVENTLINE_DEMO ?? !config.KAFKA_BROKERS) {
      const { startDemo } = await import('../demo/index');
      const demoLog = log.child('demo');
      demo = await startDemo({ brokers, rate: config.EVENTLINE_DEMO_RATE, log: (line) => demoLog.info(line) });
      const running = demo;
      stack.push({ name: 'demo shop', stop: () => running.stop() });
      log.info('Demo shop running', { ordersPerSecond: config.EVENTLINE_DEMO_RATE, services: running.services.length });
    }

    // The collector tails every topic into the store (EVENTLINE_COLLECTOR=off when
    // separate `npm run collector` processes do it instead).
    let collector: Collector | null = null;
    if (opts.collector ?? process.env.EVENTLINE_COLLECTOR !== 'off') {
      collector = createCollector({
        kafka: kafka.client,
        sql: database.sql,
        log: log.child('collector'),
        options: {
          ...collectorOptionsFromEnv(),
          partitionsConcurrently: database.kind === 'postgres' ? 4 : 1,
          ...(typeof opts.collector === 'object' ? opts.collector : {}),
        },
      });
      await collector.start();
      stack.push({ name: 'collector', stop: () => collector!.stop() });
      const retention = createRetention({ sql: database.sql, log: log.child('retention') });
      retention.start();
      stack.push({ name: 'retention', stop: () => retention.stop() });
    }
    const traces = createTraceService({ sql: database.sql, collector });
    stack.push({ name: 'traces', stop: async () => traces.close() });

    const messages = createMessageBrowser({ kafka });
    stack.push({ name: 'message browser', stop: () => messages.close() });

    const routes: RouteDef[] = [
      ...healthRoutes({ clusterWatch, database }),
      ...authRoutes({ auth, secureCookies: config.EVENTLINE_SECURE_COOKIES }),
      ...clusterRoutes({ kafka, clusterWatch, auth }),
      ...adminRoutes({ auth }),
      ...demoRoutes({ demo: () => demo, auth }),
      ...lagRoutes({ monitor: lagMonitor, history: lagHistory, reset: createOffsetReset({ kafka, monitor: lagMonitor }), auth }),
      ...traceRoutes({ traces, collector }),
      ...messageRoutes({ messages }),
    ];
    const api = createApiApp({ routes, auth, log: log.child('api') });
    const apiListener = getRequestListener(api.fetch);

    let nextHandler: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | null = null;
    if (opts.pages !== false) {
      const { default: next } = await import('next');
      const nextApp = next({ dev: config.EVENTLINE_DEV, dir: root, hostname: config.HOST, port: config.PORT });
      await nextApp.prepare();
      nextHandler = nextApp.getRequestHandler();
      stack.push({ name: 'Next.js', stop: () => nextApp.close() });
    }
    const isOpenPage = createPageGuard(root);

    const httpServer = createServer(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://local');
      if (url.pathname.startsWith('/api/')) return apiListener(req, res);
      if (url.pathname === '/metrics') return metrics(req, res);
      if (!nextHandler) {
        res.writeHead(404).end();
        return;
      }
      if (!isOpenPage(url.pathname) && !config.EVENTLINE_DEV) {
        const session = await auth.sessions.find(readCookie(req.headers.cookie, SESSION_COOKIE)).catch(() => null);
        if (!session) {
          // _rsc is Next's client-navigation marker; the login page must not send the user back to it.
          url.searchParams.delete('_rsc');
          const next = safeNextPath(url.pathname + url.search);
          res.writeHead(302, { location: `/login${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}` }).end();
          return;
        }
      }
      return nextHandler(req, res);
    });

    const sockets = createSocketServer({ httpServer, auth, clusterWatch, lagMonitor, traces, log: log.child('socket') });
    await new Promise<void>((ok, fail) => {
      httpServer.once('error', fail);
      httpServer.listen(config.PORT, config.HOST, () => ok());
    });
    const address = httpServer.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    stack.push({
      name: 'HTTP server',
      stop: async () => {
        await sockets.close();
        httpServer.closeAllConnections();
        await new Promise((r) => httpServer.close(r));
      },
    });

    return {
      url: `http://${config.HOST}:${port}`,
      port,
      brokers,
      localKafka,
      database,
      auth,
      kafka,
      clusterWatch,
      lagMonitor,
      lagHistory,
      collector,
      traces,
      routes,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

export type EventlineServer = Awaited<ReturnType<typeof startEventline>>;
