// What the catalog asks a schema registry (Confluent API: Confluent, Apicurio's ccompat,
// Redpanda, Karapace): its subjects, their versions, a version's schema, the
// compatibility level and the registry's own verdict on one version against another.
// The decoder (schema-decoder.ts) asks by schema id; this asks by subject.
import type { SchemaFormat } from '../../lib/message-types';
import { redactUrl } from '../../lib/redact-url';
import type { SchemaRegistrySettings } from './schema-decoder';

/** How long one call may wait. */
const TIMEOUT_MS = 5000;
/** Subject and version lists are read again after this long: new versions show within it. */
export const LIST_TTL_MS = 30_000;

export interface RegisteredVersion {
  subject: string;
  version: number;
  id: number;
  format: SchemaFormat;
  schema: string;
}

export interface Compatibility {
  isCompatible: boolean;
  messages: string[];
}

export class RegistryUnavailableError extends Error {}

const FORMATS: Record<string, SchemaFormat> = { AVRO: 'avro', PROTOBUF: 'protobuf', JSON: 'json' };

export interface RegistryClient {
  readonly url: string;
  subjects(): Promise<string[]>;
  versions(subject: string): Promise<number[]>;
  version(subject: string, version: number): Promise<RegisteredVersion>;
  /** The subject's compatibility level (its own, else the registry's default). */
  level(subject: string): Promise<string | null>;
  /** The registry's verdict on `next` read against `version` of the subject, under the subject's level. */
  check(subject: string, version: number, next: RegisteredVersion): Promise<Compatibility>;
}

export function createRegistryClient(settings: SchemaRegistrySettings, now: () => number = Date.now): RegistryClient {
  const base = settings.url.replace(/\/+$/, '');
  // Messages reach the browser: never with a password that was written into the URL.
  const shown = redactUrl(base);
  const headers: Record<string, string> = { Accept: 'application/vnd.schemaregistry.v1+json, application/json' };
  if (settings.username) headers.Authorization = `Basic ${Buffer.from(`${settings.username}:${settings.password ?? ''}`).toString('base64')}`;
  const lists = new Map<string, { at: number; value: Promise<unknown> }>();
  // A registered version never changes, nor does a verdict between two of them at one level.
  const schemas = new Map<string, Promise<RegisteredVersion>>();
  const verdicts = new Map<string, Promise<Compatibility>>();

  async function call(path: string, init?: { method: 'POST'; body: unknown }): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method: init?.method ?? 'GET',
        headers: init ? { ...headers, 'Content-Type': 'application/vnd.schemaregistry.v1+json' } : headers,
        body: init ? JSON.stringify(init.body) : undefined,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new RegistryUnavailableError(`the schema registry at ${shown} is unreachable (${cause?.code ?? cause?.message ?? (err as Error).message})`);
    }
    if (res.status === 404) return null;
    if (res.status === 401 || res.status === 403) {
      throw new RegistryUnavailableError(`the schema registry at ${shown} refused the credentials (HTTP ${res.status}): check SCHEMA_REGISTRY_USERNAME and SCHEMA_REGISTRY_PASSWORD`);
    }
    if (!res.ok) throw new RegistryUnavailableError(`the schema registry at ${shown} answered HTTP ${res.status} to ${path}`);
    return res.json();
  }

  function cachedList<T>(path: string): Promise<T> {
    const hit = lists.get(path);
    if (hit && now() - hit.at < LIST_TTL_MS) return hit.value as Promise<T>;
    const value = call(path);
    lists.set(path, { at: now(), value });
    value.catch(() => lists.delete(path));
    return value as Promise<T>;
  }

  const enc = encodeURIComponent;
  return {
    url: shown,
    subjects: async () => ((await cachedList<string[] | null>('/subjects')) ?? []).filter((s) => typeof s === 'string'),
    versions: async (subject) => ((await cachedList<number[] | null>(`/subjects/${enc(subject)}/versions`)) ?? []).filter(Number.isInteger).sort((a, b) => a - b),
    version(subject, version) {
      const key = `${subject}\u0000${version}`;
      let hit = schemas.get(key);
      if (!hit) {
        hit = (async () => {
          const v = (await call(`/subjects/${enc(subject)}/versions/${version}`)) as { id: number; schema: string; schemaType?: string } | null;
          if (!v) throw new RegistryUnavailableError(`version ${version} of subject ${subject} is no longer in the registry`);
          return { subject, version, id: v.id, schema: v.schema, format: FORMATS[v.schemaType ?? 'AVRO'] ?? 'avro' };
        })();
        schemas.set(key, hit);
        hit.catch(() => schemas.delete(key));
      }
      return hit;
    },
    async level(subject) {
      const own = (await cachedList<{ compatibilityLevel?: string } | null>(`/config/${enc(subject)}?defaultToGlobal=true`)) ?? (await cachedList<{ compatibilityLevel?: string } | null>('/config'));
      return own?.compatibilityLevel ?? null;
    },
    async check(subject, version, next) {
      const level = await this.level(subject);
      const key = `${subject}\u0000${version}\u0000${next.id}\u0000${level}`;
      let hit = verdicts.get(key);
      if (!hit) {
        hit = (async () => {
          const body: Record<string, string> = { schema: next.schema };
          if (next.format !== 'avro') body.schemaType = next.format === 'json' ? 'JSON' : 'PROTOBUF';
          const r = (await call(`/compatibility/subjects/${enc(subject)}/versions/${version}?verbose=true`, { method: 'POST', body })) as {
            is_compatible?: boolean;
            messages?: string[];
            reason?: string | null;
          } | null;
          // Confluent lists messages; Apicurio gives one reason.
          return { isCompatible: r?.is_compatible !== false, messages: r?.messages ?? (r?.reason ? [r.reason] : []) };
        })();
        verdicts.set(key, hit);
        hit.catch(() => verdicts.delete(key));
      }
      return hit;
    },
  };
}
