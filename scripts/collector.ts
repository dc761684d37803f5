// `npm run collector`: the collector on its own, as many processes as needed. They
// share the topics through one consumer group (EVENTLINE_COLLECTOR_GROUP) and must share
// one PostgreSQL database (DATABASE_URL): embedded PGlite belongs to one process.
import { resolve } from 'node:path';
import { EventlineError } from '../lib/eventline-error';
import { loadConfig, secretSettings } from '../server/config';
import { createCollector, collectorOptionsFromConfig, defaultConventions, loadIdConventionsFile } from '../server/collector';
import { connectionSettingsFromConfig, createKafkaService } from '../server/kafka';
import { createLogger } from '../server/log/logger';
import { createDatabase } from '../server/store';

async function main() {
  const config = loadConfig();
  const conventions = [...loadIdConventionsFile(config.EVENTLINE_ID_CONVENTIONS), ...defaultConventions];
  const secrets = secretSettings.map((k) => config[k]).filter((v): v is string => typeof v === 'string');
  const log = createLogger({ level: config.LOG_LEVEL, secrets, scope: 'collector' });
  if (!config.KAFKA_BROKERS) {
    log.error('KAFKA_BROKERS is required: the standalone collector reads an existing cluster');
    process.exit(2);
  }
  const database = await createDatabase({ url: config.DATABASE_URL, dataDir: resolve(config.EVENTLINE_DATA_DIR, 'db'), logger: log });
  const kafka = createKafkaService(connectionSettingsFromConfig(config, config.KAFKA_BROKERS), log);
  // Registry-encoded records are stored decoded when a registry is configured (no local one
  // here); the registry libraries are loaded only then.
  const registry = config.SCHEMA_REGISTRY_URL
    ? { url: config.SCHEMA_REGISTRY_URL, username: config.SCHEMA_REGISTRY_USERNAME, password: config.SCHEMA_REGISTRY_PASSWORD }
    : null;
  const payloads = registry
    ? await import('../server/catalog').then(({ createCatalog, createStoredPayloadDecoder }) => createStoredPayloadDecoder(createCatalog({ registry }).decoder))
    : undefined;
  const collector = createCollector({
    kafka,
    sql: database.sql,
    log,
    payloads,
    options: { ...collectorOptionsFromConfig(config), conventions, writesConcurrently: database.kind === 'postgres' ? 2 : 1 },
  });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal} received: stopping`);
    setTimeout(() => process.exit(1), 15_000).unref();
    await collector.stop();
    await kafka.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await collector.start();
  // One line a few seconds, for whoever runs it by hand (and for tests waiting on it).
  setInterval(() => {
    const s = collector.stats();
    log.info('collector', { eventsPerSecond: s.eventsPerSecond, stored: s.eventsStored, duplicatesSkipped: s.duplicatesSkipped, batches: s.batches });
  }, 5000).unref();
}

main().catch((err) => {
  // A setting's mistake is one line; anything else keeps its stack.
  console.error(`collector: ${err instanceof EventlineError ? err.message : ((err as Error).stack ?? err)}`);
  process.exit(1);
});
