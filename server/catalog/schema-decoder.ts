import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { SchemaFormat, SchemaRef } from '../../lib/message-types';
import { wireSchemaId } from './wire-format';

export type SchemaRegistrySettings = {
  /** Base URL of the Confluent-compatible API (Confluent: the root; Apicurio: …/apis/ccompat/v7). */
  url: string;
  username?: string;
  password?: string;
};

export type WireDecodeResult = { ok: true; value: unknown; schema: SchemaRef } | { ok: false; schemaId: number; reason: string };

export interface SchemaDecoder {
  /** null when the bytes are not in the Confluent wire format; never throws. */
  decode(buf: Buffer): Promise<WireDecodeResult | null>;
}

/** How long one decode may wait on the registry before the payload shows as hex. */
const REGISTRY_TIMEOUT_MS = 5000;
/** A failed schema lookup is not retried for this long: a page of 500 records must not make 500 calls. */
const FAILURE_TTL_MS = 10_000;

type SchemaMeta = { format: SchemaFormat; subject: string | null; version: number | null };

const FORMATS: Record<string, SchemaFormat> = { AVRO: 'avro', PROTOBUF: 'protobuf', JSON: 'json' };

class RegistryLookupError extends Error {}

/**
 * Decodes Confluent wire-format payloads through a schema registry. Schemas are cached for
 * the life of the process (a registered schema id never changes); lookups that failed are
 * remembered briefly, so an unreachable registry costs one timeout, not one per record.
 */
export function createSchemaDecoder(settings: SchemaRegistrySettings): SchemaDecoder {
  const base = settings.url.replace(/\/+$/, '');
  const auth = settings.username ? { username: settings.username, password: settings.password ?? '' } : undefined;
  const registry = new SchemaRegistry({ host: base, auth, clientId: 'eventline', retry: { retries: 0 } });
  const headers: Record<string, string> = { Accept: 'application/vnd.schemaregistry.v1+json, application/json' };
  if (auth) headers.Authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  const metas = new Map<number, Promise<SchemaMeta>>();
  const failures = new Map<number, { reason: string; until: number }>();

  async function getJson(path: string): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, { headers, signal: AbortSignal.timeout(REGISTRY_TIMEOUT_MS) });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new RegistryLookupError(`the schema registry at ${base} is unreachable (${cause?.code ?? cause?.message ?? (err as Error).message})`);
    }
    if (res.status === 404) return null;
    if (res.status === 401 || res.status === 403) {
      throw new RegistryLookupError(`the schema registry at ${base} refused the credentials (HTTP ${res.status}): check SCHEMA_REGISTRY_USERNAME and SCHEMA_REGISTRY_PASSWORD`);
    }
    if (!res.ok) throw new RegistryLookupError(`the schema registry at ${base} answered HTTP ${res.status}`);
    return res.json();
  }

  async function loadMeta(id: number): Promise<SchemaMeta> {
    const schema = (await getJson(`/schemas/ids/${id}`)) as { schemaType?: string } | null;
    if (schema === null) throw new RegistryLookupError(`schema id ${id} is not in the registry at ${base}`);
    const format = FORMATS[schema.schemaType ?? 'AVRO'];
    if (!format) throw new RegistryLookupError(`schema id ${id} is of type ${schema.schemaType}, which is not decoded (Avro, Protobuf and JSON Schema are)`);
    // Which subject and version hold the id: a newer endpoint, so its absence is not an error.
    const versions = (await getJson(`/schemas/ids/${id}/versions`).catch(() => null)) as { subject: string; version: number }[] | null;
    const first = Array.isArray(versions) ? versions[0] : undefined;
    return { format, subject: first?.subject ?? null, version: first?.version ?? null };
  }

  function meta(id: number): Promise<SchemaMeta> {
    let pending = metas.get(id);
    if (!pending) {
      pending = loadMeta(id);
      metas.set(id, pending);
      pending.catch(() => metas.delete(id));
    }
    return pending;
  }

  return {
    async decode(buf) {
      const schemaId = wireSchemaId(buf);
      if (schemaId === null) return null;
      const failed = failures.get(schemaId);
      if (failed && failed.until > Date.now()) return { ok: false, schemaId, reason: failed.reason };
      let found: SchemaMeta;
      try {
        found = await meta(schemaId);
      } catch (err) {
        const reason = err instanceof RegistryLookupError ? err.message : `looking up schema id ${schemaId} failed: ${(err as Error).message}`;
        failures.set(schemaId, { reason, until: Date.now() + FAILURE_TTL_MS });
        return { ok: false, schemaId, reason };
      }
      try {
        const value: unknown = await withTimeout(registry.decode(buf), REGISTRY_TIMEOUT_MS);
        return { ok: true, value, schema: { id: schemaId, ...found } };
      } catch (err) {
        return { ok: false, schemaId, reason: `the bytes do not decode with ${found.format} schema id ${schemaId}: ${oneLine(err)}` };
      }
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
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
