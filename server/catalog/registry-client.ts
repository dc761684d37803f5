// What the catalog asks a schema registry (Confluent API: Confluent, Apicurio's ccompat,
// Redpanda, Karapace): its subjects, their versions, a version's schema, the
// compatibility level and the registry's own verdict on one version against another.
// The decoder (schema-decoder.ts) asks by schema id; this asks by subject. Calls go
// through registry-http.ts.
import type { SchemaFormat } from '../../lib/message-types';
import { createRegistryHttp, RegistryUnavailableError } from './registry-http';
import type { SchemaRegistrySettings } from './registry-http';

/** Subject and version lists are read again after this long: new versions show within it. */
export const LIST_TTL_MS = 30_000;
/** A type's own page reads its lists again after this long: a schema just registered shows at once. */
export const PAGE_LIST_TTL_MS = 1_000;
/** A failed read is not tried again for this long. */
export const FAILURE_TTL_MS = 10_000;

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


const FORMATS: Record<string, SchemaFormat> = { AVRO: 'avro', PROTOBUF: 'protobuf', JSON: 'json' };

export interface RegistryClient {
  readonly url: string;
  /** `maxAgeMs` (at most LIST_TTL_MS) asks for a list read no longer ago than that. */
  subjects(maxAgeMs?: number): Promise<string[]>;
  versions(subject: string, maxAgeMs?: number): Promise<number[]>;
  version(subject: string, version: number): Promise<RegisteredVersion>;
  /** The subject's compatibility level (its own, else the registry's default). */
  level(subject: string): Promise<string | null>;
  /** The registry's verdict on `next` read against `version` of the subject, under the subject's level. */
  check(subject: string, version: number, next: RegisteredVersion): Promise<Compatibility>;
}

export function createRegistryClient(settings: SchemaRegistrySettings, now: () => number = Date.now): RegistryClient {
  const { call, shown } = createRegistryHttp(settings);
  const lists = new Map<string, { at: number; failed: boolean; value: Promise<unknown> }>();
  // A registered version never changes, nor does a verdict between two of them at one level.
  const schemas = new Map<string, Promise<RegisteredVersion>>();
  const verdicts = new Map<string, Promise<Compatibility>>();

  function cachedList<T>(path: string, maxAgeMs = LIST_TTL_MS): Promise<T> {
    const hit = lists.get(path);
    // A failure is remembered briefly, whoever asks: a catalog of 500 types must not wait out 500 timeouts.
    if (hit && now() - hit.at < (hit.failed ? FAILURE_TTL_MS : Math.min(maxAgeMs, LIST_TTL_MS))) return hit.value as Promise<T>;
    const entry = { at: now(), failed: false, value: call(path) };
    lists.set(path, entry);
    entry.value.catch(() => (entry.failed = true));
    return entry.value as Promise<T>;
  }

  const enc = encodeURIComponent;
  return {
    url: shown,
    subjects: async (maxAgeMs) => ((await cachedList<string[] | null>('/subjects', maxAgeMs)) ?? []).filter((s) => typeof s === 'string'),
    versions: async (subject, maxAgeMs) =>
      ((await cachedList<number[] | null>(`/subjects/${enc(subject)}/versions`, maxAgeMs)) ?? []).filter(Number.isInteger).sort((a, b) => a - b),
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
