import { resolve } from 'node:path';
import type { EventlineConfig } from '../config';
import type { RegistryHandle, SchemaDecoder, SchemaRegistrySettings, WireDecodeResult } from '../catalog';
import { createCatalog, wireSchemaId } from '../catalog';
import { startLocalRegistry } from '../local-registry';
import { redactUrl } from '../../lib/redact-url';
import type { Logger } from '../log/logger';
import type { createStopStack } from './stop-stack';

/**
 * The schema registry the decoder uses: SCHEMA_REGISTRY_URL when set; else, beside the local
 * Kafka, the project's own local Apicurio Registry. The local one starts in the background
 * (its first start builds it, a minute or two): the console does not wait for it, and
 * until it answers, registry-encoded payloads show as hex with "still starting".
 */
export function startSchemaRegistry(deps: {
  config: EventlineConfig;
  localKafka: boolean;
  dataDir: string;
  log: Logger;
  stack: ReturnType<typeof createStopStack>;
}): {
  decoder: SchemaDecoder | null;
  registry: RegistryHandle;
  /** The registry once it answers (null: none, or the local one did not start): the demo's Avro service waits on it. */
  ready: Promise<SchemaRegistrySettings | null>;
} {
  const { config, log, stack } = deps;
  if (config.SCHEMA_REGISTRY_URL) {
    const settings: SchemaRegistrySettings = {
      url: config.SCHEMA_REGISTRY_URL,
      username: config.SCHEMA_REGISTRY_USERNAME,
      password: config.SCHEMA_REGISTRY_PASSWORD,
    };
    const url = redactUrl(settings.url);
    return {
      ...createCatalog({ registry: settings }),
      registry: { settings: () => settings, status: () => ({ state: 'ready', url, reason: null }) },
      ready: Promise.resolve(settings),
    };
  }
  if (!deps.localKafka || !config.SCHEMA_REGISTRY_LOCAL) {
    const reason = deps.localKafka
      ? 'No schema registry: the local one is turned off (SCHEMA_REGISTRY_LOCAL=false) and SCHEMA_REGISTRY_URL is not set.'
      : 'No schema registry is configured: set SCHEMA_REGISTRY_URL (and SCHEMA_REGISTRY_USERNAME/PASSWORD if it needs them).';
    return {
      ...createCatalog({ registry: null }),
      registry: { settings: () => null, status: () => ({ state: 'none', url: null, reason }) },
      ready: Promise.resolve(null),
    };
  }

  let ready: SchemaDecoder | null = null;
  let readyUrl: string | null = null;
  let failure: string | null = null;
  let stopped = false;
  const starting = startLocalRegistry({
    dataDir: resolve(deps.dataDir, 'registry'),
    port: config.SCHEMA_REGISTRY_LOCAL_PORT,
    log: (line) => log.child('local-registry').info(line),
  }).then(
    async (registry): Promise<SchemaRegistrySettings | null> => {
      if (stopped) {
        await registry.stop();
        return null;
      }
      ready = createCatalog({ registry: { url: registry.url } }).decoder;
      readyUrl = registry.url;
      stack.push({ name: 'local schema registry', stop: () => registry.stop() });
      log.info(`Local schema registry (Apicurio ${registry.version}) ready`, { url: registry.url, startedInMs: registry.startedInMs });
      return { url: registry.url };
    },
    (err: Error) => {
      failure = err.message;
      log.warn('The local schema registry did not start: registry-encoded payloads show as hex', { error: err.message });
      return null;
    },
  );
  // Stopping before it is ready must still stop the JVM once it comes up.
  stack.push({ name: 'local schema registry start', stop: async () => void ((stopped = true), await starting) });
  const handle: RegistryHandle = {
    settings: () => (readyUrl ? { url: readyUrl } : null),
    status: () =>
      readyUrl
        ? { state: 'ready', url: readyUrl, reason: null }
        : failure
          ? { state: 'none', url: null, reason: `The local schema registry did not start: ${failure}` }
          : { state: 'starting', url: null, reason: 'The local schema registry is still starting.' },
  };
  const notReady = (buf: Buffer | null): WireDecodeResult | null => {
    const schemaId = wireSchemaId(buf);
    if (schemaId === null) return null;
    return { ok: false, schemaId, reason: failure ? `the local schema registry did not start: ${failure}` : 'the local schema registry is still starting' };
  };
  return {
    registry: handle,
    decoder: {
      decode: async (buf) => (ready ? ready.decode(buf) : notReady(buf)),
      decodeAll: async (bufs) => (ready ? ready.decodeAll(bufs) : bufs.map(notReady)),
    },
    ready: starting,
  };
}
