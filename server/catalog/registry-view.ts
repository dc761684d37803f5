// The registered schema beside the observed shape: which subject holds a type (by the
// naming strategies Confluent's serializers use), the version to hold against the wire,
// what differs, and what the registry itself finds incompatible. Registry answers are
// cached by registry-client.ts; this adds the parsed fields per schema id.
import type { CatalogEntryView, RegisteredSchemaView, RegistryDriftView, RegistryStatus } from '../../lib/catalog-types';
import { compareWithSchema, type RegisteredField } from '../../lib/schema-compare';
import { createRegistryClient, PAGE_LIST_TTL_MS, type RegistryClient } from './registry-client';
import { RegistryUnavailableError } from './registry-http';
import type { SchemaRegistrySettings } from './registry-http';
import { registeredFields, SchemaFieldsError } from './schema-fields';

/** Where the registry stands, as the wiring knows it (configured, local and starting, none). */
export interface RegistryHandle {
  settings(): SchemaRegistrySettings | null;
  status(): RegistryStatus;
}

type Match = { subject: string; strategy: RegisteredSchemaView['strategy'] };
/** A registry finding before its event is looked up. */
export type RegistryFinding = Omit<RegistryDriftView, 'event'> & { firstEventId: string | null };
type EntryKey = Pick<CatalogEntryView, 'eventType' | 'version' | 'family' | 'topics' | 'shape'>;

/** Subjects that would hold a type, most specific first: RecordNameStrategy, TopicRecordNameStrategy, TopicNameStrategy. */
export function subjectCandidates(entry: Pick<CatalogEntryView, 'eventType' | 'family' | 'topics'>): Match[] {
  const names = [...new Set([entry.eventType, entry.family])];
  return [
    ...names.map((n) => ({ subject: n, strategy: 'record' as const })),
    ...entry.topics.flatMap((t) => names.map((n) => ({ subject: `${t}-${n}`, strategy: 'topic-record' as const }))),
    ...entry.topics.map((t) => ({ subject: `${t}-value`, strategy: 'topic' as const })),
  ];
}

/** The registered version named like the events' version ('2', 'v2'), else the latest. */
export function versionToCompare(versions: readonly number[], eventVersion: string): number {
  const n = /^v?(\d+)$/i.exec(eventVersion.trim())?.[1];
  return n !== undefined && versions.includes(Number(n)) ? Number(n) : versions.at(-1)!;
}

export function createRegistryView(handle: RegistryHandle) {
  let client: { url: string; api: RegistryClient } | null = null;
  let lastError: string | null = null;
  const fieldsById = new Map<number, RegisteredField[] | Error>();

  function api(): RegistryClient | null {
    const settings = handle.settings();
    if (!settings) return null;
    if (client?.url !== settings.url) client = { url: settings.url, api: createRegistryClient(settings) };
    return client.api;
  }

  /** Runs a registry read; an unreachable registry is remembered for the status and answers `fallback`. */
  async function guarded<T>(read: () => Promise<T>, fallback: T): Promise<T> {
    try {
      const value = await read();
      lastError = null;
      return value;
    } catch (err) {
      if (!(err instanceof RegistryUnavailableError)) throw err;
      lastError = err.message;
      return fallback;
    }
  }

  function fieldsOf(id: number, format: RegisteredSchemaView['format'], schema: string): RegisteredField[] {
    let hit = fieldsById.get(id);
    if (!hit) {
      try {
        hit = registeredFields(format, schema);
      } catch (err) {
        hit = err as Error;
      }
      fieldsById.set(id, hit);
    }
    if (hit instanceof Error) throw hit;
    return hit;
  }

  async function matches(entry: EntryKey, maxAgeMs?: number): Promise<{ found: Match[]; tried: string[] }> {
    const candidates = subjectCandidates(entry);
    const reg = api();
    const subjects = reg ? new Set(await guarded(() => reg.subjects(maxAgeMs), [] as string[])) : new Set<string>();
    return { found: candidates.filter((c) => subjects.has(c.subject)), tried: candidates.map((c) => c.subject) };
  }

  async function describe(reg: RegistryClient, found: Match[], entry: EntryKey, maxAgeMs?: number): Promise<RegisteredSchemaView | null> {
    const first = found[0]!;
    const numbers = await reg.versions(first.subject, maxAgeMs);
    if (!numbers.length) return null;
    const all = await Promise.all(numbers.map((n) => reg.version(first.subject, n)));
    const compared = all.find((v) => v.version === versionToCompare(numbers, entry.version))!;
    const comparison = compareWithSchema(entry.shape, fieldsOf(compared.id, compared.format, compared.schema));
    const level = await reg.level(first.subject);
    const incompatible: RegisteredSchemaView['incompatible'] = [];
    for (let i = 1; i < all.length; i++) {
      const verdict = await reg.check(first.subject, all[i - 1]!.version, all[i]!);
      if (!verdict.isCompatible) incompatible.push({ version: all[i]!.version, previous: all[i - 1]!.version, messages: verdict.messages });
    }
    return {
      subject: first.subject,
      strategy: first.strategy,
      format: compared.format,
      versions: all.map((v) => ({ version: v.version, id: v.id })),
      compared: { version: compared.version, id: compared.id, schema: compared.schema },
      comparison,
      level,
      incompatible,
      otherSubjects: found.slice(1).map((f) => f.subject),
    };
  }

  /**
   * The registered schema held against one entry; `error` says why it could not be read.
   * `page`: for the type's own page, where someone who just registered a schema looks for it
   * (its lists are read again after PAGE_LIST_TTL_MS, not after the 30 s the drift list allows).
   */
  async function registered(entry: EntryKey, { page = false } = {}): Promise<{ view: RegisteredSchemaView | null; tried: string[]; error: string | null }> {
    const maxAgeMs = page ? PAGE_LIST_TTL_MS : undefined;
    const reg = api();
    const { found, tried } = await matches(entry, maxAgeMs);
    if (!reg) return { view: null, tried, error: null };
    if (!found.length) return { view: null, tried, error: lastError };
    try {
      const view = await describe(reg, found, entry, maxAgeMs);
      lastError = null;
      return { view, tried, error: null };
    } catch (err) {
      if (err instanceof RegistryUnavailableError) lastError = err.message;
      else if (!(err instanceof SchemaFieldsError)) throw err;
      return { view: null, tried, error: `subject ${found[0]!.subject}: ${(err as Error).message}` };
    }
  }

  /** Every registry finding over these entries. Entries with no shaped payload are not compared. */
  async function findings(entries: readonly (EntryKey & { cluster: string })[]): Promise<RegistryFinding[]> {
    if (!api()) return [];
    const out: RegistryFinding[] = [];
    const reportedIncompatible = new Set<string>();
    for (const e of entries) {
      if (!e.shape.seen) continue;
      const { view } = await registered(e);
      if (!view) continue;
      const base = { cluster: e.cluster, eventType: e.eventType, version: e.version, subject: view.subject, schemaVersion: view.compared.version };
      for (const w of view.comparison.onWireOnly) {
        out.push({ ...base, kind: 'not-in-schema', path: w.path, detail: `${w.types.join(' | ')} on the wire (${w.presence ?? '—'}%), not in the schema`, firstEventId: w.firstEventId });
      }
      for (const m of view.comparison.inSchemaOnly.filter((f) => f.required)) {
        out.push({ ...base, kind: 'missing-from-wire', path: m.path, detail: `required ${m.types.join(' | ')} in the schema, never on the wire`, firstEventId: null });
      }
      for (const t of view.comparison.typeMismatches) {
        out.push({ ...base, kind: 'schema-type-mismatch', path: t.path, detail: `${t.wire.join(' | ')} on the wire, ${t.schema.join(' | ')} in the schema`, firstEventId: t.firstEventId });
      }
      for (const i of view.incompatible) {
        const key = `${view.subject}\u0000${i.version}`;
        if (reportedIncompatible.has(key)) continue;
        reportedIncompatible.add(key);
        out.push({ ...base, schemaVersion: i.version, kind: 'incompatible', path: null, detail: `version ${i.version} is not ${view.level ?? ''} compatible with version ${i.previous}: ${i.messages.join('; ') || 'no reason given'}`, firstEventId: null });
      }
    }
    return out;
  }

  return {
    registered,
    findings,
    /** The subject a type is held against, if the registry has one (from the cached subject list). */
    async subjectOf(entry: EntryKey): Promise<string | null> {
      return (await matches(entry)).found[0]?.subject ?? null;
    },
    status(): RegistryStatus {
      const s = handle.status();
      if (s.state === 'ready' && lastError) return { ...s, state: 'unreachable', reason: lastError };
      return s;
    },
  };
}

export type RegistryView = ReturnType<typeof createRegistryView>;
