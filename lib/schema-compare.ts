// The observed shape of a type held against its registered schema: fields seen on the
// wire that the schema does not declare, declared fields never seen, and fields whose
// types differ. Pure: the registered fields come flattened (server/catalog/schema-fields.ts).
import { presencePercent, typesOf, type FieldShape, type ValueType } from './infer-shape';

/** One field a registered schema declares, in the shape's path notation (`a.b`, `lines[]`, `lines[].sku`). */
export interface RegisteredField {
  path: string;
  /** Types a value may have here (a union lists several; an optional Avro field includes null). */
  types: ValueType[];
  /** Always present: a non-optional Avro field, a JSON Schema `required` property, a proto2 `required` field. */
  required: boolean;
  /** Its content is not described field by field (an Avro or Protobuf map, a JSON Schema object with only additionalProperties): anything below is accepted. */
  open?: boolean;
}

export interface WireOnlyField {
  path: string;
  types: ValueType[];
  /** % of the parent objects that had it; null for array elements. */
  presence: number | null;
  /** events.id of the first event that had it, when known. */
  firstEventId: string | null;
}

export interface SchemaComparison {
  /** Fields both on the wire and in the schema. */
  matched: number;
  /** Seen on the wire, not in the schema (the topmost such field only, not its children). */
  onWireOnly: WireOnlyField[];
  /** In the schema, never seen on the wire (below the fields seen). */
  inSchemaOnly: { path: string; types: ValueType[]; required: boolean }[];
  /** On both, with wire types the schema does not allow; `firstEventId` is the first event with such a type. */
  typeMismatches: { path: string; wire: ValueType[]; schema: ValueType[]; firstEventId: string | null }[];
}

type WirePath = { path: string; shape: FieldShape; presence: number | null };

/** Every position of a shape below the root, parents before children. */
export function shapePaths(shape: FieldShape): WirePath[] {
  const out: WirePath[] = [];
  const visit = (s: FieldShape, path: string) => {
    for (const [key, child] of Object.entries(s.properties ?? {})) {
      const p = path ? `${path}.${key}` : key;
      out.push({ path: p, shape: child, presence: presencePercent(s, child) });
      visit(child, p);
    }
    if (s.items && s.items.seen > 0) {
      out.push({ path: `${path}[]`, shape: s.items, presence: null });
      visit(s.items, `${path}[]`);
    }
  };
  visit(shape, '');
  return out;
}

/** A wire type the schema allows: whole numbers fit a number, and any number an integer that JSON wrote as 10.0. */
function allowed(wire: ValueType, schema: ValueType[]): boolean {
  if (schema.includes(wire)) return true;
  if (wire === 'integer') return schema.includes('number');
  return false;
}

const parentOf = (path: string) => {
  if (path.endsWith('[]')) return path.slice(0, -2);
  const dot = path.lastIndexOf('.');
  return dot < 0 ? '' : path.slice(0, dot);
};

/** Compares what the wire showed with what the schema declares. */
export function compareWithSchema(shape: FieldShape, fields: readonly RegisteredField[]): SchemaComparison {
  const declared = new Map(fields.map((f) => [f.path, f]));
  const wire = shapePaths(shape);
  const seen = new Set(wire.map((w) => w.path));
  const out: SchemaComparison = { matched: 0, onWireOnly: [], inSchemaOnly: [], typeMismatches: [] };
  const unknown = new Set<string>();
  const underOpen = (path: string): boolean => {
    for (let p = parentOf(path); ; p = parentOf(p)) {
      if (declared.get(p)?.open) return true;
      if (p === '') return false;
    }
  };
  for (const w of wire) {
    const parent = parentOf(w.path);
    if (unknown.has(parent) || underOpen(w.path)) {
      if (unknown.has(parent)) unknown.add(w.path);
      continue;
    }
    const field = declared.get(w.path);
    const types = typesOf(w.shape);
    if (!field) {
      unknown.add(w.path);
      out.onWireOnly.push({ path: w.path, types, presence: w.presence, firstEventId: w.shape.firstEventId ?? null });
      continue;
    }
    out.matched += 1;
    const off = types.filter((t) => !allowed(t, field.types));
    if (off.length) {
      // The first event that sent a type the schema does not allow (ids grow with time).
      const ids = off.map((t) => w.shape.firstEventIdByType?.[t]).filter((id): id is string => id !== undefined);
      const first = ids.length ? ids.reduce((a, b) => (BigInt(a) <= BigInt(b) ? a : b)) : null;
      out.typeMismatches.push({ path: w.path, wire: types, schema: field.types, firstEventId: first });
    }
  }
  for (const f of fields) {
    // An array seen only empty says nothing about its elements.
    if (seen.has(f.path) || underOpen(f.path) || f.path.endsWith('[]')) continue;
    // Below a field never seen, only that field counts; below an array never seen filled, nothing is known.
    const parent = parentOf(f.path);
    if (parent !== '' && !seen.has(parent)) continue;
    out.inSchemaOnly.push({ path: f.path, types: f.types, required: f.required });
  }
  return out;
}
