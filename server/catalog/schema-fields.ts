// A registered schema's fields, flattened into the observed shape's path notation, so the
// two can be compared (lib/schema-compare.ts). Each format's field names are the ones its
// decoded JSON shows: Avro's as written, Protobuf's in protobufjs's camelCase (the decoder
// parses with protobufjs's defaults), JSON Schema's property names.
import protobuf from 'protobufjs';
import type { ValueType } from '../../lib/infer-shape';
import type { SchemaFormat } from '../../lib/message-types';
import type { RegisteredField } from '../../lib/schema-compare';

/** Nesting followed, as in the shape inference (MAX_DEPTH): a recursive schema stops here. */
const MAX_DEPTH = 12;

export class SchemaFieldsError extends Error {}

const child = (path: string, key: string) => (path ? `${path}.${key}` : key);
const uniq = (types: ValueType[]) => [...new Set(types)];

// ---- Avro ----

type Avro = string | Avro[] | { type: Avro; name?: string; namespace?: string; fields?: { name: string; type: Avro }[]; items?: Avro; values?: Avro; logicalType?: string; symbols?: string[] };

const AVRO_PRIMITIVE: Record<string, ValueType[]> = {
  null: ['null'], boolean: ['boolean'], int: ['integer'], long: ['integer'], float: ['number'], double: ['number'], bytes: ['string'], string: ['string'],
};
/** Logical types a decoder may hand over as text (dates, decimals) as well as their underlying type. */
const AVRO_LOGICAL_TEXT = new Set(['date', 'time-millis', 'time-micros', 'timestamp-millis', 'timestamp-micros', 'local-timestamp-millis', 'local-timestamp-micros', 'decimal', 'uuid']);

type Walked = { types: ValueType[]; open: boolean };

function avroFields(root: Avro): RegisteredField[] {
  const named = new Map<string, Avro>();
  const out: RegisteredField[] = [];
  /** Reserves the field's place before walking its type, so parents come before their children. */
  const field = (path: string, walkType: () => Walked, required: (w: Walked) => boolean) => {
    const at = out.length;
    out.push({ path, types: [], required: false });
    const w = walkType();
    out[at] = { path, types: w.types, required: required(w), ...(w.open ? { open: true } : {}) };
  };
  const walk = (t: Avro, path: string, depth: number, ns: string | undefined): Walked => {
    if (Array.isArray(t)) {
      const members = t.map((m) => walk(m, path, depth, ns));
      return { types: uniq(members.flatMap((m) => m.types)), open: members.some((m) => m.open) };
    }
    if (typeof t === 'string') {
      if (AVRO_PRIMITIVE[t]) return { types: AVRO_PRIMITIVE[t]!, open: false };
      const ref = named.get(t) ?? (ns ? named.get(`${ns}.${t}`) : undefined);
      if (!ref) throw new SchemaFieldsError(`the Avro schema refers to ${t}, which it does not define`);
      return walk(ref, path, depth, ns);
    }
    const space = t.namespace ?? ns;
    if (typeof t.type === 'string' && ['record', 'error', 'enum', 'fixed'].includes(t.type) && t.name) {
      named.set(t.name.includes('.') || !space ? t.name : `${space}.${t.name}`, t);
      if (!named.has(t.name)) named.set(t.name, t);
    }
    switch (t.type) {
      case 'record':
      case 'error':
        if (depth < MAX_DEPTH) {
          for (const f of t.fields ?? []) {
            const p = child(path, f.name);
            field(p, () => walk(f.type, p, depth + 1, space), (w) => !w.types.includes('null'));
          }
        }
        return { types: ['object'], open: depth >= MAX_DEPTH };
      case 'enum':
      case 'fixed':
        return { types: ['string'], open: false };
      case 'array':
        field(`${path}[]`, () => walk(t.items!, `${path}[]`, depth + 1, space), () => false);
        return { types: ['array'], open: false };
      case 'map':
        // A map's keys are data, not fields.
        return { types: ['object'], open: true };
      default: {
        const under = walk(t.type, path, depth, space);
        const text: ValueType[] = t.logicalType && AVRO_LOGICAL_TEXT.has(t.logicalType) ? ['string'] : [];
        return { types: uniq([...under.types, ...text]), open: under.open };
      }
    }
  };
  walk(root, '', 0, undefined);
  return out;
}

// ---- JSON Schema ----

type Json = { [k: string]: unknown };
const JSON_TYPES = new Set<ValueType>(['string', 'integer', 'number', 'boolean', 'null', 'object', 'array']);

function jsonFields(root: Json): RegisteredField[] {
  const out = new Map<string, RegisteredField>();
  const resolve = (s: Json, depth: number): Json => {
    const ref = s.$ref;
    if (typeof ref !== 'string' || depth > MAX_DEPTH) return s;
    if (!ref.startsWith('#/')) throw new SchemaFieldsError(`the JSON Schema refers to ${ref}, outside itself`);
    let target: unknown = root;
    for (const part of ref.slice(2).split('/')) target = (target as Json | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (!target || typeof target !== 'object') throw new SchemaFieldsError(`the JSON Schema refers to ${ref}, which it does not define`);
    return resolve(target as Json, depth + 1);
  };
  const add = (path: string, types: ValueType[], required: boolean, open: boolean) => {
    const had = out.get(path);
    out.set(path, { path, types: uniq([...(had?.types ?? []), ...types]), required: (had?.required ?? false) || required, ...(open || had?.open ? { open: true } : {}) });
  };
  const walk = (raw: Json, path: string, depth: number): { types: ValueType[]; open: boolean } => {
    const s = resolve(raw, depth);
    const types: ValueType[] = [];
    let open = false;
    const declared = Array.isArray(s.type) ? s.type : s.type === undefined ? [] : [s.type];
    for (const t of declared) if (JSON_TYPES.has(t as ValueType)) types.push(t as ValueType);
    if (s.nullable === true) types.push('null');
    for (const v of [...(Array.isArray(s.enum) ? s.enum : []), ...('const' in s ? [s.const] : [])]) types.push(v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : (typeof v as ValueType));
    const props = s.properties && typeof s.properties === 'object' ? (s.properties as Record<string, Json>) : null;
    if (props && !types.length) types.push('object');
    if (depth < MAX_DEPTH) {
      const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
      for (const [key, sub] of Object.entries(props ?? {})) {
        const p = child(path, key);
        const r = walk(sub, p, depth + 1);
        add(p, r.types, required.has(key), r.open);
      }
      const items = Array.isArray(s.items) ? (s.items as Json[]) : s.items && typeof s.items === 'object' ? [s.items as Json] : [];
      if (items.length && !types.length) types.push('array');
      for (const it of items) {
        const r = walk(it, `${path}[]`, depth + 1);
        add(`${path}[]`, r.types, false, r.open);
      }
      for (const k of ['oneOf', 'anyOf', 'allOf'] as const) {
        for (const alt of Array.isArray(s[k]) ? (s[k] as Json[]) : []) types.push(...walk(alt, path, depth + 1).types);
      }
    }
    const extra = s.additionalProperties;
    const objectish = types.includes('object') || (!types.length && !props);
    if (objectish && !props && (extra === undefined || extra === true || (typeof extra === 'object' && extra !== null) || s.patternProperties)) open = true;
    // No type at all: anything goes here.
    if (!types.length) types.push(...JSON_TYPES);
    return { types: uniq(types), open };
  };
  walk(root, '', 0);
  return [...out.values()];
}

// ---- Protobuf ----

const PROTO_SCALAR: Record<string, ValueType[]> = {
  double: ['number'], float: ['number'], int32: ['integer'], uint32: ['integer'], sint32: ['integer'], fixed32: ['integer'], sfixed32: ['integer'],
  // protobufjs's toJSON writes 64-bit integers as strings.
  int64: ['string', 'integer'], uint64: ['string', 'integer'], sint64: ['string', 'integer'], fixed64: ['string', 'integer'], sfixed64: ['string', 'integer'],
  bool: ['boolean'], string: ['string'], bytes: ['string'],
};

/** The message the Confluent serializers write by default: the first one declared (message index 0). */
function firstMessage(ns: protobuf.NamespaceBase): protobuf.Type | null {
  for (const nested of ns.nestedArray) {
    if (nested instanceof protobuf.Type) return nested;
    if (nested instanceof protobuf.Namespace) {
      const found = firstMessage(nested);
      if (found) return found;
    }
  }
  return null;
}

function protobufFields(text: string): RegisteredField[] {
  const parsed = protobuf.parse(text);
  parsed.root.resolveAll();
  const message = firstMessage(parsed.root);
  if (!message) throw new SchemaFieldsError('the Protobuf schema declares no message');
  const out: RegisteredField[] = [];
  const walk = (type: protobuf.Type, path: string, depth: number) => {
    if (depth >= MAX_DEPTH) return;
    for (const f of type.fieldsArray) {
      const p = child(path, f.name);
      const nested = f.resolvedType instanceof protobuf.Type ? f.resolvedType : null;
      const one: ValueType[] = f.resolvedType instanceof protobuf.Enum ? ['string'] : nested ? ['object'] : PROTO_SCALAR[f.type] ?? ['string'];
      if (f.map) {
        out.push({ path: p, types: ['object'], required: false, open: true });
      } else if (f.repeated) {
        out.push({ path: p, types: ['array'], required: false }, { path: `${p}[]`, types: one, required: false });
        if (nested) walk(nested, `${p}[]`, depth + 1);
      } else {
        out.push({ path: p, types: one, required: f.required });
        if (nested) walk(nested, p, depth + 1);
      }
    }
  };
  walk(message, '', 0);
  return out;
}

/** The fields a registered schema declares; throws SchemaFieldsError on a schema it cannot read. */
export function registeredFields(format: SchemaFormat, schema: string): RegisteredField[] {
  try {
    if (format === 'protobuf') return protobufFields(schema);
    const parsed = JSON.parse(schema) as unknown;
    return format === 'avro' ? avroFields(parsed as Avro) : jsonFields(parsed as Json);
  } catch (err) {
    if (err instanceof SchemaFieldsError) throw err;
    throw new SchemaFieldsError(`the ${format} schema could not be read: ${(err as Error).message.split('\n')[0]}`);
  }
}
