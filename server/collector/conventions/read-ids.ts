// Applies the conventions to one record: for each id, the first convention in the list
// that yields a value gives it (id-conventions.ts explains the order). Pure.
import { DEAD_LETTER_CONVENTIONS, ID_FIELDS, type IdConvention, type IdField, type Marker } from './id-conventions';
import { decodeNumberHeader, idParsers, type RawValue } from './id-parsers';

/** What the conventions may look at in a record. */
export interface RecordView {
  topic: string;
  /** A header by name, case-insensitively (the last value of a repeated key). */
  header(lowerName: string): RawValue | null;
  /** The parsed JSON payload, or undefined. */
  body: unknown;
}

export type IdSourceField = IdField | 'deadLetterOf';

export interface IdReading {
  ids: Record<IdField, string | null>;
  /** `topic/partition/offset` of the original record, for a dead-letter copy. */
  deadLetterOf: string | null;
  /** Which convention gave each id found (and the dead-letter link). */
  sources: Partial<Record<IdSourceField, string>>;
}

/** A value at a dotted path (given split); numeric parts index arrays (`messageType.0`). */
export function pathValue(obj: unknown, parts: readonly string[]): unknown {
  let cur: unknown = obj;
  for (const part of parts) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (Array.isArray(cur)) {
      if (!/^\d+$/.test(part)) return undefined;
      cur = cur[Number(part)];
    } else cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function pathText(obj: unknown, parts: readonly string[]): RawValue | null {
  const v = pathValue(obj, parts);
  if (typeof v === 'string' && v !== '') return { text: v, bytes: null };
  if (typeof v === 'number' && Number.isFinite(v)) return { text: String(v), bytes: null };
  return null;
}

interface CompiledSource {
  convention: string;
  read: (r: RecordView) => string | null;
}

function compileMarker(m: Marker): (r: RecordView) => boolean {
  if ('anyHeader' in m) {
    const names = m.anyHeader.map((n) => n.toLowerCase());
    return (r) =>
      names.some((n) => {
        const v = r.header(n);
        return v !== null && (!m.pattern || (v.text !== null && m.pattern.test(v.text)));
      });
  }
  const parts = m.path.split('.');
  return (r) => {
    const v = pathValue(r.body, parts);
    return m.type === 'array' ? Array.isArray(v) : v !== null && typeof v === 'object' && !Array.isArray(v);
  };
}

function compile(conventions: IdConvention[]): Record<IdField, CompiledSource[]> {
  const out = Object.fromEntries(ID_FIELDS.map((f) => [f, [] as CompiledSource[]])) as Record<IdField, CompiledSource[]>;
  for (const c of conventions) {
    const markers = (c.when ?? []).map(compileMarker);
    const applies = (r: RecordView) => markers.every((m) => m(r));
    for (const field of ID_FIELDS) {
      for (const s of c.ids[field] ?? []) {
        const parse = idParsers[s.parse ?? 'text'];
        const lower = s.header?.toLowerCase();
        const parts = s.path?.split('.') ?? [];
        const raw = lower !== undefined ? (r: RecordView) => r.header(lower) : (r: RecordView) => (r.body === undefined ? null : pathText(r.body, parts));
        out[field].push({
          convention: c.name,
          read: (r) => {
            const v = raw(r);
            if (v === null || !applies(r)) return null;
            const id = parse(v);
            return id === null || id === '' ? null : id;
          },
        });
      }
    }
  }
  return out;
}

function readDeadLetter(r: RecordView): { of: string; convention: string } | null {
  for (const d of DEAD_LETTER_CONVENTIONS) {
    const topic = r.header(d.topic.toLowerCase())?.text;
    if (!topic) continue;
    const partition = decodeNumberHeader(r.header(d.partition.toLowerCase())?.bytes ?? null, d.encoding, 4);
    const offset = decodeNumberHeader(r.header(d.offset.toLowerCase())?.bytes ?? null, d.encoding, 8);
    if (partition !== null && offset !== null) return { of: `${topic}/${partition}/${offset}`, convention: d.name };
  }
  return null;
}

/**
 * A reader for a list of conventions in order of precedence. Conventions limited to some
 * topics (custom ones) are filtered once per topic, then cached.
 */
export function createIdReader(conventions: IdConvention[]) {
  const scoped = conventions.some((c) => c.topics);
  const all = scoped ? null : compile(conventions);
  const perTopic = new Map<string, Record<IdField, CompiledSource[]>>();
  const forTopic = (topic: string) => {
    if (all) return all;
    let c = perTopic.get(topic);
    if (!c) {
      c = compile(conventions.filter((x) => !x.topics || x.topics.some((t) => t.test(topic))));
      if (perTopic.size < 10_000) perTopic.set(topic, c);
    }
    return c;
  };
  return {
    conventions,
    read(r: RecordView): IdReading {
      const compiled = forTopic(r.topic);
      const ids = {} as Record<IdField, string | null>;
      const sources: IdReading['sources'] = {};
      for (const field of ID_FIELDS) {
        ids[field] = null;
        for (const s of compiled[field]) {
          const v = s.read(r);
          if (v !== null) {
            ids[field] = v;
            sources[field] = s.convention;
            break;
          }
        }
      }
      const dl = readDeadLetter(r);
      if (dl) sources.deadLetterOf = dl.convention;
      return { ids, sources, deadLetterOf: dl?.of ?? null };
    },
  };
}

export type IdReader = ReturnType<typeof createIdReader>;
