// Applies the conventions to one record: for each id, the first convention in the list
// that yields a value gives it (id-conventions.ts explains the order). Pure.
import { COPY_WRITER_HEADERS, copyWriterOf, type CopyWriter, type CopyWriterHeader } from '../../../lib/copy-writer';
import { DEAD_LETTER_CONVENTIONS, ID_FIELDS, type IdConvention, type IdField, type Marker } from './id-conventions';
import { decodeNumberHeader, idParsers, type RawValue } from './id-parsers';

/**
 * What the conventions may look at in a record. Headers are read by slot: every header
 * name any convention reads has one (IdReader.slotOf, by lower-cased name), so a record's
 * headers are matched to the conventions in one pass over them, and each of the ~40
 * sources a record is tried against is an array read rather than a lookup by name.
 */
export interface RecordView {
  topic: string;
  /** The header at a slot of the reader (the last value of a repeated name, whatever its case), or null. */
  header(slot: number): RawValue | null;
  /** The parsed JSON payload, or undefined. */
  body: unknown;
}

export type IdSourceField = IdField | 'deadLetterOf';

export interface IdReading {
  ids: Record<IdField, string | null>;
  /** `topic/partition/offset` of the original record, for a dead-letter copy. */
  deadLetterOf: string | null;
  /** Which convention gave each id found (and the dead-letter link); frozen, shared by records with the same choice. */
  sources: Readonly<Partial<Record<IdSourceField, string>>>;
  /** A retry or dead-letter copy: the consumer that wrote it (lib/copy-writer.ts). */
  writer: CopyWriter | null;
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
  /** The convention's number in the reader (1…), for the shared `sources` objects. */
  no: number;
  read: (r: RecordView) => string | null;
}

/** Slots of header names, by lower-cased name: one per name any convention reads. */
type Slots = ReadonlyMap<string, number>;

/** The slot of a name headerSlots gave one to (all names of the conventions, up front). */
const slotIn = (slots: Slots, name: string): number => slots.get(name.toLowerCase())!;

/** Every header name the conventions read, lower-cased, with its slot; `traceparent` always (extract checks it). */
function headerSlots(conventions: IdConvention[]): Map<string, number> {
  const slots = new Map<string, number>();
  const add = (name: string) => {
    const lower = name.toLowerCase();
    if (!slots.has(lower)) slots.set(lower, slots.size);
  };
  add('traceparent');
  for (const c of conventions) {
    for (const m of c.when ?? []) if ('anyHeader' in m) m.anyHeader.forEach(add);
    for (const field of ID_FIELDS) for (const s of c.ids[field] ?? []) if (s.header !== undefined) add(s.header);
  }
  for (const d of DEAD_LETTER_CONVENTIONS) [d.topic, d.partition, d.offset].forEach(add);
  Object.values(COPY_WRITER_HEADERS).forEach(add);
  return slots;
}

/**
 * The writer of a copy (lib/copy-writer.ts) by the reader's slots. Most records name no
 * writer: four slot reads say so, without the rule's closures.
 */
function writerReader(slots: Slots): (r: RecordView) => CopyWriter | null {
  const at = new Map<string, number>(Object.values(COPY_WRITER_HEADERS).map((n) => [n, slotIn(slots, n)]));
  const by = [COPY_WRITER_HEADERS.springGroup, COPY_WRITER_HEADERS.connector, COPY_WRITER_HEADERS.demoDeadLetteredBy, COPY_WRITER_HEADERS.demoRetriedBy].map((n) => at.get(n)!);
  return (r) => {
    let named = false;
    for (let i = 0; i < by.length && !named; i++) named = r.header(by[i]!) !== null;
    if (!named) return null;
    return copyWriterOf(r.topic, (name: CopyWriterHeader) => r.header(at.get(name)!)?.text);
  };
}

function compileMarker(m: Marker, slots: Slots): (r: RecordView) => boolean {
  if ('anyHeader' in m) {
    const at = m.anyHeader.map((n) => slotIn(slots, n));
    return (r) =>
      at.some((slot) => {
        const v = r.header(slot);
        return v !== null && (!m.pattern || (v.text !== null && m.pattern.test(v.text)));
      });
  }
  const parts = m.path.split('.');
  return (r) => {
    const v = pathValue(r.body, parts);
    return m.type === 'array' ? Array.isArray(v) : v !== null && typeof v === 'object' && !Array.isArray(v);
  };
}

function compile(conventions: IdConvention[], slots: Slots, numbers: ReadonlyMap<string, number>): Record<IdField, CompiledSource[]> {
  const out = Object.fromEntries(ID_FIELDS.map((f) => [f, [] as CompiledSource[]])) as Record<IdField, CompiledSource[]>;
  for (const c of conventions) {
    const markers = (c.when ?? []).map((m) => compileMarker(m, slots));
    const applies = (r: RecordView) => markers.every((m) => m(r));
    for (const field of ID_FIELDS) {
      for (const s of c.ids[field] ?? []) {
        const parse = idParsers[s.parse ?? 'text'];
        const parts = s.path?.split('.') ?? [];
        const slot = s.header !== undefined ? slotIn(slots, s.header) : -1;
        const raw = slot >= 0 ? (r: RecordView) => r.header(slot) : (r: RecordView) => (r.body === undefined ? null : pathText(r.body, parts));
        out[field].push({
          convention: c.name,
          no: numbers.get(c.name)!,
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

const deadLetterSlots = (slots: Slots) => DEAD_LETTER_CONVENTIONS.map((d) => ({ d, topic: slotIn(slots, d.topic), partition: slotIn(slots, d.partition), offset: slotIn(slots, d.offset) }));

function readDeadLetter(r: RecordView, list: ReturnType<typeof deadLetterSlots>): { of: string; convention: string } | null {
  for (const { d, topic: t, partition: p, offset: o } of list) {
    const topic = r.header(t)?.text;
    if (!topic) continue;
    const partition = decodeNumberHeader(r.header(p)?.bytes ?? null, d.encoding, 4);
    const offset = decodeNumberHeader(r.header(o)?.bytes ?? null, d.encoding, 8);
    if (partition !== null && offset !== null) return { of: `${topic}/${partition}/${offset}`, convention: d.name };
  }
  return null;
}

/** Distinct choices of conventions kept (there are a handful in practice). */
const MAX_SHARED_SOURCES = 4096;

/**
 * A reader for a list of conventions in order of precedence. Conventions limited to some
 * topics (custom ones) are filtered once per topic, then cached.
 */
export function createIdReader(conventions: IdConvention[]) {
  const slots = headerSlots(conventions);
  const deadLetters = deadLetterSlots(slots);
  const writerOf = writerReader(slots);
  const scoped = conventions.some((c) => c.topics);
  // Every convention (dead-letter ones too) by a number: a record's choice of conventions
  // is one number, and records with the same choice share one frozen `sources` object
  // (the store writes it as JSON once per batch per object, and the rollups keep no copy).
  const numbers = new Map<string, number>();
  for (const name of [...conventions.map((c) => c.name), ...DEAD_LETTER_CONVENTIONS.map((d) => d.name)]) if (!numbers.has(name)) numbers.set(name, numbers.size + 1);
  const base = numbers.size + 1;
  const shareable = base ** (ID_FIELDS.length + 1) <= Number.MAX_SAFE_INTEGER;
  const shared = new Map<number, IdReading['sources']>();
  const all = scoped ? null : compile(conventions, slots, numbers);
  const perTopic = new Map<string, Record<IdField, CompiledSource[]>>();
  const forTopic = (topic: string) => {
    if (all) return all;
    let c = perTopic.get(topic);
    if (!c) {
      c = compile(conventions.filter((x) => !x.topics || x.topics.some((t) => t.test(topic))), slots, numbers);
      if (perTopic.size < 10_000) perTopic.set(topic, c);
    }
    return c;
  };
  return {
    conventions,
    /** Header slots: how many, and which one a lower-cased header name has (undefined: no convention reads it). */
    slotCount: slots.size,
    slotOf: (lowerName: string): number | undefined => slots.get(lowerName),
    read(r: RecordView): IdReading {
      const compiled = forTopic(r.topic);
      const ids = {} as Record<IdField, string | null>;
      const chosen: (CompiledSource | null)[] = [];
      let key = 0;
      for (const field of ID_FIELDS) {
        ids[field] = null;
        let from: CompiledSource | null = null;
        for (const s of compiled[field]) {
          const v = s.read(r);
          if (v !== null) {
            ids[field] = v;
            from = s;
            break;
          }
        }
        chosen.push(from);
        key = key * base + (from?.no ?? 0);
      }
      const dl = readDeadLetter(r, deadLetters);
      key = key * base + (dl ? numbers.get(dl.convention)! : 0);
      let sources = shareable ? shared.get(key) : undefined;
      if (!sources) {
        const built: Partial<Record<IdSourceField, string>> = {};
        for (let i = 0; i < ID_FIELDS.length; i++) if (chosen[i]) built[ID_FIELDS[i]!] = chosen[i]!.convention;
        if (dl) built.deadLetterOf = dl.convention;
        sources = Object.freeze(built);
        if (shareable && shared.size < MAX_SHARED_SOURCES) shared.set(key, sources);
      }
      return { ids, sources, deadLetterOf: dl?.of ?? null, writer: writerOf(r) };
    },
  };
}

export type IdReader = ReturnType<typeof createIdReader>;
