import { createSchemaDecoder, type SchemaDecoder, type SchemaRegistrySettings } from './schema-decoder';

export { decodePayload } from './decode-payload';
export { wireSchemaId, stringifyDecoded } from './wire-format';
export type { SchemaDecoder, SchemaRegistrySettings, WireDecodeResult } from './schema-decoder';

/**
 * The catalog domain. For now: registry-aware decoding. Null settings give no decoder, and
 * wire-format payloads then show as hex with the reason.
 */
export function createCatalog(deps: { registry: SchemaRegistrySettings | null }) {
  const decoder: SchemaDecoder | null = deps.registry ? createSchemaDecoder(deps.registry) : null;
  return { decoder };
}

export type Catalog = ReturnType<typeof createCatalog>;
