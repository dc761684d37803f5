/**
 * The observed shape of a stream of JSON payloads: which fields occur, how often, with
 * which types, nested objects and array items, and a few example values. Built
 * incrementally (one payload at a time, or two shapes merged), so a background job can
 * keep it up to date from new events only. Pure: nothing here reads a store.
 */

export type ValueType = 'string' | 'integer' | 'number' | 'boolean' | 'null' | 'object' | 'array';

export interface FieldShape {
  /** Times a value was seen at this position (for a property: payloads whose parent object had it). */
  seen: number;
  /** How many of those values had each type; more than one key is a union. */
  types: Partial<Record<ValueType, number>>;
  /** Properties of the objects seen here. A property's presence is its `seen` over `types.object`. */
  properties?: Record<string, FieldShape>;
  /** Properties not tracked once an object passed MAX_PROPERTIES distinct names. */
  droppedProperties?: number;
  /** All elements of the arrays seen here, merged: `items.seen` counts elements. */
  items?: FieldShape;
  /** Up to MAX_EXAMPLES distinct scalar values, masked where the field name says secret. */
  examples: (string | number | boolean | null)[];
  /** The first event that had a value here (events.id), when the caller named its events: what a "field not in the schema" links to. */
  firstEventId?: string;
  /** The first event with each type here: what "a type the schema does not allow" links to. */
  firstEventIdByType?: Partial<Record<ValueType, string>>;
}

/** Distinct example values kept per field. */
export const MAX_EXAMPLES = 3;
/** Distinct property names kept per object position: a map keyed by ids must not grow forever. */
export const MAX_PROPERTIES = 200;
/** Nesting followed; deeper values count as seen with their type, nothing below them. */
export const MAX_DEPTH = 12;
/** Longest example string kept. */
const MAX_EXAMPLE_CHARS = 80;
const MASK = '••••';

/** Field names whose values are never shown as examples. */
const SECRET_NAME = /pass(word|wd)?|secret|token|api[-_]?key|auth|credential|card|cvv|cvc|iban|ssn|e-?mail|phone/i;
const EMAIL_VALUE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function emptyShape(): FieldShape {
  return { seen: 0, types: {}, examples: [] };
}

export function typeOf(value: unknown): ValueType {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'number':
      return Number.isInteger(value) ? 'integer' : 'number';
    case 'bigint':
      return 'integer';
    default:
      return 'object';
  }
}

/** The example shown for a scalar: masked for secret-looking names and e-mail addresses, long strings cut. */
export function exampleOf(name: string | null, value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (name !== null && SECRET_NAME.test(name)) return MASK;
  if (typeof value === 'string') {
    if (EMAIL_VALUE.test(value)) return MASK;
    return value.length > MAX_EXAMPLE_CHARS ? `${value.slice(0, MAX_EXAMPLE_CHARS)}…` : value;
  }
  if (typeof value === 'bigint') return value.toString();
  return value as number | boolean;
}

/** A field seen for the first time in an object position seen before, or a type new to a field. */
export interface Novelty {
  /** Dotted path, `[]` for array elements, '' for the payload itself. */
  path: string;
  kind: 'added' | 'type-changed';
  /** Types at the path before this value, most frequent first (empty for 'added'). */
  before: ValueType[];
  after: ValueType;
}

/**
 * The walk's context. The path is kept as a stack of segments and joined only when a
 * novelty is reported: building a path string per field per payload was most of the
 * garbage of a catalog batch.
 */
type Visit = { onNovelty?: (n: Novelty) => void; eventId?: string; segs: (string | typeof ITEMS)[] };
/** The segment of array elements (a symbol: a property may well be named "[]"). */
const ITEMS = Symbol('items');

/** `a.b[].c` from ['a', 'b', ITEMS, 'c']. */
function pathOf(segs: Visit['segs']): string {
  let out = '';
  for (const s of segs) out = s === ITEMS ? `${out}[]` : out ? `${out}.${s}` : s;
  return out;
}

/**
 * Adds one payload to `shape`, changing it in place: for hot loops (the catalog job folds
 * thousands of events per batch). Everything else should use mergePayload. `onNovelty`
 * hears what this payload showed that the shape had not seen, at positions the shape had
 * seen before (so the fields inside a new object are not reported again, only the object).
 * `eventId` names the payload's event, for `firstEventId` and `firstEventIdByType`.
 */
export function accumulate(shape: FieldShape, value: unknown, onNovelty?: (n: Novelty) => void, eventId?: string): FieldShape {
  add(shape, value, null, 0, { onNovelty, eventId, segs: [] });
  return shape;
}

function add(shape: FieldShape, value: unknown, name: string | null, depth: number, visit: Visit) {
  const type = typeOf(value);
  const known = shape.types[type];
  // Whole and fractional numbers are one type for drift (JSON writes 10.0 as 10): see shape-drift.ts.
  const numeric = (type === 'integer' && shape.types.number) || (type === 'number' && shape.types.integer);
  if (visit.onNovelty && shape.seen > 0 && !known && !numeric) {
    visit.onNovelty({ path: pathOf(visit.segs), kind: 'type-changed', before: typesOf(shape), after: type });
  }
  if (visit.eventId !== undefined) {
    if (shape.seen === 0) shape.firstEventId = visit.eventId;
    if (!known) (shape.firstEventIdByType ??= {})[type] = visit.eventId;
  }
  shape.seen += 1;
  shape.types[type] = (known ?? 0) + 1;
  if (depth >= MAX_DEPTH) return;
  if (type === 'object') {
    const seenBefore = (shape.types.object ?? 0) > 1;
    const props = (shape.properties ??= {});
    const obj = value as Record<string, unknown>;
    // for…in: no entry arrays to allocate; parsed JSON objects have no inherited enumerable keys.
    for (const key in obj) {
      const child = obj[key];
      let field = props[key];
      visit.segs.push(key);
      if (!field) {
        if (Object.keys(props).length >= MAX_PROPERTIES) {
          shape.droppedProperties = (shape.droppedProperties ?? 0) + 1;
          visit.segs.pop();
          continue;
        }
        field = props[key] = emptyShape();
        if (seenBefore && visit.onNovelty) visit.onNovelty({ path: pathOf(visit.segs), kind: 'added', before: [], after: typeOf(child) });
      }
      add(field, child, key, depth + 1, visit);
      visit.segs.pop();
    }
  } else if (type === 'array') {
    const items = (shape.items ??= emptyShape());
    visit.segs.push(ITEMS);
    for (const element of value as unknown[]) add(items, element, name, depth + 1, visit);
    visit.segs.pop();
  } else if (shape.examples.length < MAX_EXAMPLES) {
    // Masking tests the name against a regex: not worth doing once the examples are full.
    addExample(shape, exampleOf(name, value));
  }
}

function addExample(shape: FieldShape, example: string | number | boolean | null) {
  if (shape.examples.length < MAX_EXAMPLES && !shape.examples.includes(example)) shape.examples.push(example);
}

function cloneShape(shape: FieldShape): FieldShape {
  return structuredClone(shape);
}

/** `shape` with one more payload; `shape` itself is left as it was. */
export function mergePayload(shape: FieldShape, value: unknown): FieldShape {
  return accumulate(cloneShape(shape), value);
}

/** Two shapes of the same stream as one, as if every payload of both had been added to one shape. */
export function mergeShapes(a: FieldShape, b: FieldShape): FieldShape {
  const out = cloneShape(a);
  mergeInto(out, b);
  return out;
}

function mergeInto(target: FieldShape, source: FieldShape) {
  target.seen += source.seen;
  if (target.firstEventId === undefined && source.firstEventId !== undefined) target.firstEventId = source.firstEventId;
  for (const [type, id] of Object.entries(source.firstEventIdByType ?? {}) as [ValueType, string][]) {
    if (!target.firstEventIdByType?.[type]) (target.firstEventIdByType ??= {})[type] = id;
  }
  for (const [type, n] of Object.entries(source.types) as [ValueType, number][]) target.types[type] = (target.types[type] ?? 0) + n;
  for (const example of source.examples) addExample(target, example);
  if (source.droppedProperties) target.droppedProperties = (target.droppedProperties ?? 0) + source.droppedProperties;
  if (source.properties) {
    const props = (target.properties ??= {});
    for (const [key, field] of Object.entries(source.properties)) {
      const existing = props[key];
      if (existing) mergeInto(existing, field);
      else if (Object.keys(props).length < MAX_PROPERTIES) props[key] = cloneShape(field);
      else target.droppedProperties = (target.droppedProperties ?? 0) + field.seen;
    }
  }
  if (source.items) {
    if (target.items) mergeInto(target.items, source.items);
    else target.items = cloneShape(source.items);
  }
}

/** The types seen at a position, most frequent first. */
export function typesOf(shape: FieldShape): ValueType[] {
  return (Object.entries(shape.types) as [ValueType, number][]).sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).map(([t]) => t);
}

/** A property's presence among the objects seen at its parent position, in % (0-100, one decimal). */
export function presencePercent(parent: FieldShape, field: FieldShape): number {
  const objects = parent.types.object ?? 0;
  return objects === 0 ? 0 : Math.round((field.seen / objects) * 1000) / 10;
}

export interface JsonSchemaView {
  type: ValueType | ValueType[];
  /** Presence among the parent's objects, in %; absent at the root and on array items. */
  'x-presence'?: number;
  examples?: (string | number | boolean | null)[];
  properties?: Record<string, JsonSchemaView>;
  /** Properties present in every object seen. */
  required?: string[];
  items?: JsonSchemaView;
}

/** A JSON-Schema-like view of a shape, for display and export. */
export function toJsonSchema(shape: FieldShape, presence?: number): JsonSchemaView {
  const types = typesOf(shape);
  const view: JsonSchemaView = { type: types.length === 1 ? types[0]! : types };
  if (presence !== undefined) view['x-presence'] = presence;
  if (shape.examples.length) view.examples = [...shape.examples];
  if (shape.properties) {
    view.properties = {};
    const required: string[] = [];
    for (const [key, field] of Object.entries(shape.properties)) {
      const p = presencePercent(shape, field);
      view.properties[key] = toJsonSchema(field, p);
      if (p === 100) required.push(key);
    }
    if (required.length) view.required = required;
  }
  if (shape.items) view.items = toJsonSchema(shape.items);
  return view;
}
