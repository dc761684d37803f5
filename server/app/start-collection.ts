import type { DemoSystem } from '../../demo/index';
import { collectorOptionsFromConfig, createCollector, defaultConventions, type Collector, type CollectorOptions, type IdConvention } from '../collector';
import { createStoredPayloadDecoder, type SchemaDecoder, type SchemaRegistrySettings } from '../catalog';
import type { EventlineConfig } from '../config';
import type { KafkaService } from '../kafka';
import type { Logger } from '../log/logger';
import type { Database } from '../store';
import { createRetention, createTraceService } from '../traces';
import type { StopStack } from './stop-stack';

/**
 * With no KAFKA_BROKERS the console runs its own Kafka, and the demo shop gives a
 * newcomer something alive to look at. EVENTLINE_DEMO overrides either way.
 */
export async function startDemoIfWanted(deps: {
  config: EventlineConfig;
  brokers: string[];
  /** The registry the demo's Avro service writes through, once it answers; null: that service sits out. */
  registry: Promise<SchemaRegistrySettings | null>;
  log: Logger;
  stack: StopStack;
}): Promise<DemoSystem | null> {
  const { config, brokers, log, stack } = deps;
  if (!(config.EVENTLINE_DEMO ?? !config.KAFKA_BROKERS)) return null;
  const { startDemo } = await import('../../demo/index');
  const demoLog = log.child('demo');
  const demo = await startDemo({ brokers, rate: config.EVENTLINE_DEMO_RATE, schemaRegistry: deps.registry, log: (line) => demoLog.info(line) });
  stack.push({ name: 'demo shop', stop: () => demo.stop() });
  log.info('Demo shop running', { ordersPerSecond: config.EVENTLINE_DEMO_RATE, services: demo.services.length });
  return demo;
}

/**
 * The collector tails every topic into the store (EVENTLINE_COLLECTOR=off when separate
 * `npm run collector` processes do it instead); the trace service reads what it stored.
 */
export async function startCollection(deps: {
  wanted: boolean | Partial<CollectorOptions> | undefined;
  config: EventlineConfig;
  /** From EVENTLINE_ID_CONVENTIONS, read before anything starts. */
  customConventions: IdConvention[];
  kafka: KafkaService;
  database: Database;
  /** Registry-encoded records are stored decoded (server/catalog); null: stored as bytes with the reason. */
  schemaDecoder: SchemaDecoder | null;
  log: Logger;
  stack: StopStack;
}): Promise<{ collector: Collector | null; traces: ReturnType<typeof createTraceService> }> {
  const { kafka, database, log, stack } = deps;
  let collector: Collector | null = null;
  if (deps.wanted ?? deps.config.EVENTLINE_COLLECTOR === 'on') {
    const started = createCollector({
      kafka,
      sql: database.sql,
      log: log.child('collector'),
      payloads: createStoredPayloadDecoder(deps.schemaDecoder),
      options: {
        ...collectorOptionsFromConfig(deps.config),
        conventions: [...deps.customConventions, ...defaultConventions],
        // PGlite is one connection: parallel writes would only queue on it.
        writesConcurrently: database.kind === 'postgres' ? 2 : 1,
        ...(typeof deps.wanted === 'object' ? deps.wanted : {}),
      },
    });
    await started.start();
    stack.push({ name: 'collector', stop: () => started.stop() });
    const retention = createRetention({ sql: database.sql, log: log.child('retention') });
    retention.start();
    stack.push({ name: 'retention', stop: () => retention.stop() });
    collector = started;
  }
  const traces = createTraceService({ sql: database.sql, collector });
  stack.push({ name: 'traces', stop: async () => traces.close() });
  return { collector, traces };
}
