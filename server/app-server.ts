import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import type { EventlineConfig } from './config';
import { createAuthService } from './auth';
import { createApiApp } from './http/api-app';
import { findCookieSession } from './http/read-cookie';
import { adminRoutes } from './http/routes/admin-routes';
import { demoRoutes } from './http/routes/demo-routes';
import { authRoutes } from './http/routes/auth-routes';
import { clusterRoutes } from './http/routes/cluster-routes';
import { healthRoutes } from './http/routes/health-routes';
import { traceRoutes } from './http/routes/trace-routes';
import { replayRoutes } from './http/routes/replay-routes';
import { createReplayService } from './replay';
import { flowRoutes } from './http/routes/flow-routes';
import { createFlowService } from './flows';
import { displayRoutes } from './http/routes/display-routes';
import { wallRoutes } from './http/routes/wall-routes';
import { createWallFeed } from './wall';
import { DLQ_TOPIC } from './collector/defaults';
import { readBuildId } from './app/build-id';
import { startRedisFanout, type RedisFanout } from './realtime/redis-fanout';
import { catalogRoutes } from './http/routes/catalog-routes';
import { createEventCatalog } from './catalog';
import type { RouteDef } from './http/route-table';
import { connectionSettingsFromConfig, createKafkaService } from './kafka';
import { startLocalKafka, type LocalKafka } from './local-kafka';
import type { Logger } from './log/logger';
import { createSocketServer } from './realtime/socket-server';
import { createDatabase } from './store';
import { createClusterWatch } from './topics';
import { createOffsetReset } from './lag';
import { lagRoutes } from './http/routes/lag-routes';
import { createMessageBrowser } from './messages';
import { messageRoutes } from './http/routes/message-routes';
import { loadIdConventionsFile, type CollectorOptions } from './collector';
import { createStopStack } from './app/stop-stack';
import { startLag } from './app/start-lag';
import { startCollection, startDemoIfWanted } from './app/start-collection';
import { createConsoleRequestHandler } from './app/console-request-handler';
import { startSchemaRegistry } from './app/start-registry';
import { createCoverageQueries } from './traces';
import { coverageRoutes } from './http/routes/coverage-routes';

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
  const stack = createStopStack(log);

  try {
    // A mistake in this file should stop the start before anything is started.
    const customConventions = loadIdConventionsFile(config.EVENTLINE_ID_CONVENTIONS);
    let localKafka: LocalKafka | null = null;
    if (!config.KAFKA_BROKERS) {
      log.info('No KAFKA_BROKERS set: starting a local Kafka', { version: config.KAFKA_VERSION });
      localKafka = await startLocalKafka({
        version: config.KAFKA_VERSION,
        dataDir: resolve(dataDir, 'kafka'),
        port: config.KAFKA_LOCAL_PORT,
        log: (line) => log.child('local-kafka').info(line),
      });
      const started = localKafka;
      // The first stop of a Kafka version writes its class-data archive: allow for it.
      stack.push({ name: 'local Kafka', stop: () => started.stop(), timeoutMs: 35_000 });
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
    const clusterWatch = createClusterWatch({
      kafka,
      intervalMs: config.EVENTLINE_CLUSTER_POLL_MS,
      log: log.child('cluster'),
      clusterName: config.KAFKA_CLUSTER_NAME,
    });
    // With REDIS_URL, only the process holding the lease polls (server/realtime/redis-fanout.ts).
    const shared = Boolean(config.REDIS_URL);
    if (!shared) await clusterWatch.start();
    stack.push({ name: 'cluster watch', stop: () => clusterWatch.stop() });

    const coverage = createCoverageQueries(database.sql);
    // The catalog is created after the lag monitor it reads consumer groups from; /metrics asks it once it is there.
    let catalogMetrics: ((clusterName: string) => Promise<string>) | null = null;
    const { lagHistory, lagMonitor, metrics } = await startLag({
      config, kafka, database, clusterWatch, auth, coverage, log, stack, poll: !shared,
      moreMetrics: async (name) => (catalogMetrics ? catalogMetrics(name) : ''),
    });
    // Before the demo and the collector: the demo's Avro service writes through it, the collector decodes with it.
    const { decoder: schemaDecoder, registry, ready: registryReady } = startSchemaRegistry({ config, localKafka: localKafka !== null, dataDir, log, stack });
    const demo = await startDemoIfWanted({ config, brokers, registry: registryReady, log, stack });
    const { collector, traces } = await startCollection({ wanted: opts.collector, config, customConventions, kafka, database, schemaDecoder, log, stack });
    // The map reads the rollups the collectors store under their cluster name.
    const flows = createFlowService({ sql: database.sql, clusterWatch, lagMonitor, cluster: config.EVENTLINE_COLLECTOR_CLUSTER, log: log.child('flows') });
    stack.push({ name: 'flow map', stop: async () => flows.close() });
    const messages = createMessageBrowser({ kafka, schemaDecoder });
    const catalog = createEventCatalog({
      sql: database.sql,
      log: log.child('catalog'),
      consumers: { groups: () => lagMonitor.snapshot().groups, rate: flows.consumeRate },
      registry,
    });
    catalogMetrics = (name) => catalog.metrics(name);
    // Not awaited: a large backlog of events is folded in the background, batch after batch.
    void catalog.start();
    stack.push({ name: 'catalog job', stop: () => catalog.stop() });
    stack.push({ name: 'message browser', stop: () => messages.close() });
    const replay = createReplayService({ prisma: database.prisma, kafka, log: log.child('replay'), schemaDecoder, leaseMs: config.EVENTLINE_LEASE_MS, audit: auth.audit });
    stack.push({ name: 'replay jobs', stop: () => replay.close() });
    await replay.start();
    const wallFeed = createWallFeed({
      clusterWatch,
      lagMonitor,
      collector: () => (collector ? collector.stats() : null),
      isDeadLetter: (topic) => DLQ_TOPIC.test(topic),
    });
    stack.push({ name: 'wall feed', stop: async () => wallFeed.close() });
    const buildId = readBuildId(root, config.EVENTLINE_DEV, config.EVENTLINE_BUILD_ID);

    let fanout: RedisFanout | null = null;
    const routes: RouteDef[] = [
      ...healthRoutes({ clusterWatch, database, buildId, polls: () => fanout?.polls() ?? null }),
      ...authRoutes({ auth, secureCookies: config.EVENTLINE_SECURE_COOKIES }),
      ...clusterRoutes({ kafka, clusterWatch, auth }),
      ...adminRoutes({ auth }),
      ...demoRoutes({ demo: () => demo, auth }),
      ...lagRoutes({ monitor: lagMonitor, history: lagHistory, reset: createOffsetReset({ kafka, monitor: lagMonitor }), auth }),
      ...traceRoutes({ traces, collector }),
      ...coverageRoutes({ coverage }),
      ...messageRoutes({ messages }),
      ...replayRoutes({ replay, auth }),
      ...flowRoutes({ flows }),
      ...displayRoutes({ auth }),
      ...wallRoutes({ feed: wallFeed, history: lagHistory, flows, drift: catalog.wallDrift, buildId, clusterPollMs: config.EVENTLINE_CLUSTER_POLL_MS, lagPollMs: config.EVENTLINE_LAG_POLL_MS }),
      ...catalogRoutes({ catalog }),
    ];
    const api = createApiApp({ routes, auth, log: log.child('api') });

    let pages: ReturnType<Awaited<ReturnType<typeof loadNext>>['getRequestHandler']> | null = null;
    if (opts.pages !== false) {
      const nextApp = await loadNext(config, root);
      pages = nextApp.getRequestHandler();
      stack.push({ name: 'Next.js', stop: () => nextApp.close() });
    }
    const httpServer = createServer(
      createConsoleRequestHandler({ api: getRequestListener(api.fetch), metrics, pages, auth, projectRoot: root, dev: config.EVENTLINE_DEV, secureCookies: config.EVENTLINE_SECURE_COOKIES }),
    );
    const sockets = createSocketServer({
      httpServer,
      auth,
      findSession: (cookie) => findCookieSession(auth, cookie),
      clusterWatch,
      lagMonitor,
      traces,
      flows,
      replay,
      wall: { feed: wallFeed, buildId, drift: catalog.wallDrift },
      shared,
      log: log.child('socket'),
    });
    await new Promise<void>((ok, fail) => {
      httpServer.once('error', fail);
      httpServer.listen(config.PORT, config.HOST, () => ok());
    });
    if (config.REDIS_URL) {
      fanout = await startRedisFanout({
        url: config.REDIS_URL,
        prefix: config.EVENTLINE_REDIS_PREFIX,
        leaseMs: config.EVENTLINE_LEASE_MS,
        io: sockets.io as unknown as Parameters<typeof startRedisFanout>[0]['io'],
        clusterWatch,
        lagMonitor,
        wallFeed,
        log: log.child('redis'),
      });
      const started = fanout;
      stack.push({ name: 'Redis fan-out', stop: () => started.close() });
    }
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
      replay,
      flows,
      routes,
      wallFeed,
      buildId,
      stop: stack.stopAll,
    };
  } catch (err) {
    await stack.stopAll();
    throw err;
  }
}

async function loadNext(config: EventlineConfig, root: string) {
  const { default: next } = await import('next');
  const nextApp = next({ dev: config.EVENTLINE_DEV, dir: root, hostname: config.HOST, port: config.PORT });
  await nextApp.prepare();
  return nextApp;
}

export type EventlineServer = Awaited<ReturnType<typeof startEventline>>;
