import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { SchemaFormat, SchemaRef } from '../../lib/message-types';
import { buildProtobufSchema, decodeMessage, messageName, type ProtobufSchema } from './protobuf-schema';
import { createRegistryHttp, registryEndpoint, RegistryUnavailableError, type SchemaRegistrySettings } from './registry-http';
import { readMessageIndexes, WIRE_HEADER_BYTES, wireSchemaId } from './wire-format';

export type { SchemaRegistrySettings } from './registry-http';

export type WireDecodeResult = { ok: true; value: unknown; schema: SchemaRef } | { ok: false; schemaId: number; reason: string };

export interface SchemaDecoder {
  /** null when the bytes are not in the Confluent wire format; never throws. */
  decode(buf: Buffer): Promise<WireDecodeResult | null>;
  /**
   * The same for a batch: each schema id the batch names is looked up once, all at once, and
   * then every payload is decoded without waiting again. Never throws.
   */
  decodeAll(bufs: readonly (Buffer | null)[]): Promise<(WireDecodeResult | null)[]>;
}

/** How long one schema lookup may wait on the registry before the payloads show as bytes. */
const REGISTRY_TIMEOUT_MS = 5000;
/** A failed schema lookup is not retried for this long: a page of 500 records must not make 500 calls. */
const FAILURE_TTL_MS = 10_000;
/**
 * An unreachable registry is not asked again, for any id, for this long — doubling while it
 * stays away, up to UNREACHABLE_MAX_MS: a registry that times out must not cost the
 * collector a timeout per new id, nor one per 10 s forever.
 */
const UNREACHABLE_MAX_MS = 60_000;

/** A schema ready to decode payloads with (its lookup is done). */
type LoadedSchema = {
  format: SchemaFormat;
  subject: string | null;
  version: number | null;
  /** Avro record name, JSON Schema title; a Protobuf file's name is per message, so null here. */
  name: string | null;
  decodeBody(buf: Buffer): { value: unknown; name: string | null };
};
type Lookup = { ok: true; schema: LoadedSchema } | { ok: false; reason: string };

const FORMATS: Record<string, SchemaFormat> = { AVRO: 'avro', PROTOBUF: 'protobuf', JSON: 'json' };

class RegistryLookupError extends Error {
  constructor(
    message: string,
    /** The registry did not answer at all (as opposed to answering "no"). */
    readonly unreachable = false,
  ) {
    super(message);
  }
}

type RegisteredSchema = { schemaType?: string; schema: string; references?: { name: string; subject: string; version: number }[] };

/**
 * Decodes Confluent wire-format payloads through a schema registry. Schemas are cached for
 * the life of the process (a registered schema id never changes); lookups that failed are
 * remembered briefly, so an unreachable registry costs one timeout, not one per record.
 */
export function createSchemaDecoder(settings: SchemaRegistrySettings): SchemaDecoder {
  const { base, username, password } = registryEndpoint(settings);
  const auth = username ? { username, password: password ?? '' } : undefined;
  const registry = new SchemaRegistry({ host: base, auth, clientId: 'eventline', retry: { retries: 0 } });
  const http = createRegistryHttp(settings);
  // Reasons reach the browser: the address as shown, never a password written into it.
  const shown = http.shown;
  const ready = new Map<number, LoadedSchema>();
  const loading = new Map<number, Promise<LoadedSchema>>();
  const failures = new Map<number, { reason: string; until: number }>();
  let away: { reason: string; until: number; forMs: number } | null = null;

  async function getJson(path: string): Promise<unknown> {
    try {
      return await http.call(path);
    } catch (err) {
      if (err instanceof RegistryUnavailableError) throw new RegistryLookupError(err.message, err.unreachable);
      throw err;
    }
  }

  /** The texts of every schema `refs` names, and of theirs in turn, each once. */
  async function referencedTexts(refs: RegisteredSchema['references'], seen = new Set<string>()): Promise<string[]> {
    const texts: string[] = [];
    for (const ref of refs ?? []) {
      const key = `${ref.subject}/${ref.version}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const found = (await getJson(`/subjects/${encodeURIComponent(ref.subject)}/versions/${ref.version}`)) as RegisteredSchema | null;
      if (found === null) throw new RegistryLookupError(`the schema references ${ref.name} (${key}), which is not in the registry at ${shown}`);
      texts.push(found.schema, ...(await referencedTexts(found.references, seen)));
    }
    return texts;
  }

  async function decoderFor(id: number, format: SchemaFormat, found: RegisteredSchema): Promise<Pick<LoadedSchema, 'name' | 'decodeBody'>> {
    if (format === 'protobuf') {
      let schema: ProtobufSchema;
      try {
        schema = buildProtobufSchema(found.schema, await referencedTexts(found.references));
      } catch (err) {
        if (err instanceof RegistryLookupError) throw err;
        throw new RegistryLookupError(`Protobuf schema id ${id} does not parse: ${oneLine(err)}`);
      }
      return {
        name: null,
        decodeBody(buf) {
          const path = readMessageIndexes(buf);
          if (path === null) throw new Error('the message-index bytes after the schema id are malformed');
          const type = schema.messageAt(path.indexes);
          if (type === null) throw new Error(`the schema has no message at index [${path.indexes.join(', ')}]`);
          return { value: decodeMessage(type, buf.subarray(path.next)), name: messageName(type) };
        },
      };
    }
    if (format === 'json') {
      const title = (JSON.parse(found.schema) as { title?: unknown }).title;
      const name = typeof title === 'string' && title ? title : null;
      // The bytes are JSON: shown as they are, valid against the schema or not, so the
      // catalog sees what producers really send.
      return { name, decodeBody: (buf) => ({ value: JSON.parse(buf.subarray(WIRE_HEADER_BYTES).toString('utf8')) as unknown, name }) };
    }
    const type = (await withTimeout(registry.getSchema(id), REGISTRY_TIMEOUT_MS)) as { name?: string; fromBuffer(b: Buffer): unknown };
    const name = type.name ?? null;
    return { name, decodeBody: (buf) => ({ value: type.fromBuffer(buf.subarray(WIRE_HEADER_BYTES)), name }) };
  }

  async function load(id: number): Promise<LoadedSchema> {
    const found = (await getJson(`/schemas/ids/${id}`)) as RegisteredSchema | null;
    if (found === null) throw new RegistryLookupError(`schema id ${id} is not in the registry at ${shown}`);
    const format = FORMATS[found.schemaType ?? 'AVRO'];
    if (!format) throw new RegistryLookupError(`schema id ${id} is of type ${found.schemaType}, which is not decoded (Avro, Protobuf and JSON Schema are)`);
    // Which subject and version hold the id: a newer endpoint, so its absence is not an error.
    const versions = (await getJson(`/schemas/ids/${id}/versions`).catch(() => null)) as { subject: string; version: number }[] | null;
    const first = Array.isArray(versions) ? versions[0] : undefined;
    return { format, subject: first?.subject ?? null, version: first?.version ?? null, ...(await decoderFor(id, format, found)) };
  }

  /** One lookup per id however many payloads ask at once; failures remembered for a while. */
  async function lookup(id: number): Promise<Lookup> {
    const hit = ready.get(id);
    if (hit) return { ok: true, schema: hit };
    const now = Date.now();
    if (away && away.until > now) return { ok: false, reason: away.reason };
    const failed = failures.get(id);
    if (failed && failed.until > now) return { ok: false, reason: failed.reason };
    let pending = loading.get(id);
    if (!pending) {
      pending = load(id);
      loading.set(id, pending);
      void pending.then((s) => ready.set(id, s), () => {}).finally(() => loading.delete(id));
    }
    try {
      const schema = await pending;
      away = null;
      return { ok: true, schema };
    } catch (err) {
      const reason = err instanceof RegistryLookupError ? err.message : `looking up schema id ${id} failed: ${oneLine(err)}`;
      if (err instanceof RegistryLookupError && err.unreachable) {
        const forMs = Math.min(UNREACHABLE_MAX_MS, away ? away.forMs * 2 : FAILURE_TTL_MS);
        away = { reason, forMs, until: Date.now() + forMs };
      } else failures.set(id, { reason, until: Date.now() + FAILURE_TTL_MS });
      return { ok: false, reason };
    }
  }

  function decodeWith(buf: Buffer, schemaId: number, found: Lookup): WireDecodeResult {
    if (!found.ok) return { ok: false, schemaId, reason: found.reason };
    const { schema } = found;
    try {
      const { value, name } = schema.decodeBody(buf);
      return { ok: true, value, schema: { id: schemaId, format: schema.format, subject: schema.subject, version: schema.version, name } };
    } catch (err) {
      return { ok: false, schemaId, reason: `the bytes do not decode with ${schema.format} schema id ${schemaId}: ${oneLine(err)}` };
    }
  }

  async function decodeAll(bufs: readonly (Buffer | null)[]): Promise<(WireDecodeResult | null)[]> {
    const ids = bufs.map(wireSchemaId);
    const distinct = [...new Set(ids.filter((id): id is number => id !== null))];
    const found = new Map(await Promise.all(distinct.map(async (id) => [id, await lookup(id)] as const)));
    return bufs.map((buf, i) => {
      const id = ids[i];
      return id === null || id === undefined || buf === null ? null : decodeWith(buf, id, found.get(id)!);
    });
  }

  return {
    decodeAll,
    async decode(buf) {
      const [result] = await decodeAll([buf]);
      return result ?? null;
    },
  };
}

function oneLine(err: unknown): string {
  const e = err as { message?: string; paths?: string[][] };
  const msg = (e.message ?? String(err)).split('\n')[0] ?? '';
  return e.paths?.length ? `${msg} (${e.paths.map((p) => p.join('.')).join(', ')})` : msg;
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new RegistryLookupError(`the schema registry gave no answer within ${ms / 1000} s`, true)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
