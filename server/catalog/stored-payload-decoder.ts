// The collector's hook for registry-encoded records: keys and values in the Confluent wire
// format are decoded before the collector extracts its row, so the stored preview, the id
// conventions (a correlation id inside an Avro body) and the catalog all see JSON.
//
// The collector is hot, so:
// * a batch with no record starting with magic byte 0 (and ≥ 5 bytes) is extracted as it
//   would be without the hook: one pass over the batch checking a byte, nothing else;
// * each batch's schema ids are looked up once and all at once (SchemaDecoder.decodeAll),
//   and the partitions of one fetch share whatever lookup another has in flight; after that
//   every schema is cached for the process and decoding waits on nothing;
// * a lookup that fails (unknown id, registry away) is cached too, briefly, and the record
//   is stored as the bytes it was (base64) with problem `schema_undecoded` and the reason
//   in `payload_schema`: collection never stops for a schema.
import { createHash } from 'node:crypto';
import type { PayloadSchema, StoredSchema } from '../../lib/trace-types';
import type { SchemaDecoder, WireDecodeResult } from './schema-decoder';
import { stringifyDecoded } from './wire-format';

/** What the hook reads of a collected record. */
export interface CollectedPayload {
  key: Buffer | null;
  value: Buffer | null;
}

/** What the hook fills in on the row the collector extracted (collector/types.ts EventRow). */
export interface DecodableRow {
  eventType: string | null;
  eventVersion: string | null;
  idSources: Partial<Record<string, string>>;
  size: number;
  payloadHash: string | null;
  problems: string[];
  payloadSchema?: PayloadSchema | null;
}

export interface StoredPayloadDecoder {
  /** Extracts every record of a batch with `extract`, registry-encoded keys and values decoded first. */
  extract<R extends CollectedPayload, Row extends DecodableRow>(records: readonly R[], extract: (record: R) => Row): Promise<Row[]>;
}

/** How the schema's names show in `events.id_sources` when they gave the type or version. */
export const SCHEMA_REGISTRY_SOURCE = 'schema-registry';
/**
 * The convention whose type and version the schema's overrule: the generic payload fields
 * (`$.type`, `$.version`) are the least certain guess, and in a decoded Avro record a field
 * named `type` is as likely a shipping method as an event type. Headers stay first.
 */
const WEAKER_THAN_SCHEMA = new Set([undefined, 'eventline-payload']);

/**
 * With no registry configured, records are stored as they are (a wire-format value as
 * base64, like any binary): nothing to decode with, and nothing to pay for.
 */
export function createStoredPayloadDecoder(decoder: SchemaDecoder | null): StoredPayloadDecoder {
  if (decoder === null) return { extract: async (records, extract) => records.map(extract) };
  return {
    async extract(records, extract) {
      const picked = records.filter((r) => isWire(r.value) || isWire(r.key));
      if (picked.length === 0) return records.map(extract);
      // Values and keys side by side: [v0, k0, v1, k1, …] of the records that need it.
      const results = await decoder.decodeAll(picked.flatMap((r) => [isWire(r.value) ? r.value : null, isWire(r.key) ? r.key : null]));
      const byRecord = new Map(picked.map((r, i) => [r, { value: results[2 * i] ?? null, key: results[2 * i + 1] ?? null }]));
      return records.map((r) => {
        const found = byRecord.get(r);
        return found ? decodedRow(r, found.value, found.key, extract) : extract(r);
      });
    },
  };
}

const isWire = (b: Buffer | null) => b !== null && b.length >= 5 && b[0] === 0;

function decodedRow<R extends CollectedPayload, Row extends DecodableRow>(
  record: R,
  value: WireDecodeResult | null,
  key: WireDecodeResult | null,
  extract: (record: R) => Row,
): Row {
  const row = extract({ ...record, value: value?.ok ? asBytes(value.value) : record.value, key: key?.ok ? asBytes(key.value) : record.key });
  // What was on the wire, not its decoded text, is the record's size and hash.
  row.size = (record.value?.length ?? 0) + (record.key?.length ?? 0);
  if (value?.ok && record.value) row.payloadHash = createHash('sha256').update(record.value).digest('hex');
  const schema: PayloadSchema = {};
  if (value) schema.value = stored(value);
  if (key) schema.key = stored(key);
  row.payloadSchema = schema;
  if (value && !value.ok) row.problems.push('schema_undecoded');
  if (value?.ok) {
    const { name, version } = value.schema;
    const sources = { ...row.idSources };
    if (name !== null && WEAKER_THAN_SCHEMA.has(sources.eventType)) {
      row.eventType = name;
      sources.eventType = SCHEMA_REGISTRY_SOURCE;
    }
    if (version !== null && WEAKER_THAN_SCHEMA.has(sources.eventVersion)) {
      row.eventVersion = String(version);
      sources.eventVersion = SCHEMA_REGISTRY_SOURCE;
    }
    row.idSources = sources;
  }
  return row;
}

/** A decoded string stays itself (a key reads `o-1`, not `"o-1"`); anything else becomes compact JSON. */
function asBytes(decoded: unknown): Buffer {
  return Buffer.from(typeof decoded === 'string' ? decoded : (stringifyDecoded(decoded, undefined) ?? 'null'));
}

function stored(result: WireDecodeResult): StoredSchema {
  return result.ok ? result.schema : { id: result.schemaId, error: result.reason };
}
