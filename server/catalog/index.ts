import type { Logger } from '../log/logger';
import type { SqlExecutor } from '../store/sql-executor';
import { createCatalogJob } from './catalog-job';
import { readCatalog } from './catalog-reader';
import { createSchemaDecoder, type SchemaDecoder, type SchemaRegistrySettings } from './schema-decoder';

export { decodePayload } from './decode-payload';
export { createStoredPayloadDecoder, SCHEMA_REGISTRY_SOURCE, type StoredPayloadDecoder } from './stored-payload-decoder';
export { wireSchemaId, stringifyDecoded } from './wire-format';
export { foldNewEvents, CATALOG_BATCH } from './catalog-job';
export { readCatalog } from './catalog-reader';
export type { SchemaDecoder, SchemaRegistrySettings, WireDecodeResult } from './schema-decoder';

/**
 * The catalog domain: registry-aware decoding, and the event catalog (types, versions,
 * observed shape, drift) kept by a background job from new events only. Null registry
 * settings give no decoder: wire-format payloads then show as hex with the reason.
 */
export function createCatalog(deps: { registry: SchemaRegistrySettings | null }) {
  const decoder: SchemaDecoder | null = deps.registry ? createSchemaDecoder(deps.registry) : null;
  return { decoder };
}

/** The stored catalog and the job that keeps it: start() folds what is new, then every intervalMs. */
export function createEventCatalog(deps: { sql: SqlExecutor; log: Logger; intervalMs?: number }) {
  const job = createCatalogJob(deps);
  return { start: job.start, stop: job.stop, refresh: job.runNow, read: () => readCatalog(deps.sql) };
}

export type Catalog = ReturnType<typeof createCatalog>;
export type EventCatalog = ReturnType<typeof createEventCatalog>;
