import { typesOf, type FieldShape, type ValueType } from './infer-shape';

export type DriftKind = 'added' | 'removed' | 'type-changed';

export interface DriftChange {
  /** Dotted path from the payload root; `[]` stands for the elements of an array, `(root)` for the payload itself. */
  path: string;
  kind: DriftKind;
  /** Types at the path before and after (empty where the field was absent), most frequent first. */
  before: ValueType[];
  after: ValueType[];
}

/**
 * Whole and fractional numbers are one type for drift: JSON writes 10.0 as 10, so a price
 * field would otherwise "change type" whenever its values happen to be round.
 */
function comparable(types: ValueType[]): string[] {
  return [...new Set(types.map((t) => (t === 'integer' ? 'number' : t)))].sort();
}

/** Two type lists are the same for drift when they differ only in whole vs fractional numbers. */
export function sameTypes(a: ValueType[], b: ValueType[]): boolean {
  return comparable(a).join() === comparable(b).join();
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

function walk(before: FieldShape | undefined, after: FieldShape | undefined, path: string, out: DriftChange[]) {
  const b = before ? typesOf(before) : [];
  const a = after ? typesOf(after) : [];
  const label = path || '(root)';
  if (!before && after) return void out.push({ path: label, kind: 'added', before: b, after: a });
  if (before && !after) return void out.push({ path: label, kind: 'removed', before: b, after: a });
  if (!before || !after) return;
  if (!sameTypes(b, a)) out.push({ path: label, kind: 'type-changed', before: b, after: a });
  const keys = new Set([...Object.keys(before.properties ?? {}), ...Object.keys(after.properties ?? {})]);
  for (const key of [...keys].sort()) walk(before.properties?.[key], after.properties?.[key], join(path, key), out);
  // An array only ever seen empty has no items: that says nothing about its elements.
  if (before.items?.seen && after.items?.seen) walk(before.items, after.items, `${path}[]`, out);
}

/**
 * What differs between two shapes (v1 and v2 of a type, or last week and today): fields
 * that appear, disappear, or change type. Nested fields of an added or removed object are
 * not listed again: the object is.
 */
export function diffShapes(before: FieldShape, after: FieldShape): DriftChange[] {
  const out: DriftChange[] = [];
  walk(before, after, '', out);
  return out;
}

/**
 * Drift that a batch of new events shows against everything seen so far: fields the shape
 * never had, and types a field never had. A field missing from a small batch is not drift
 * (it may be optional); disappearance is for diffShapes over two whole windows.
 */
export function newDrift(known: FieldShape, batch: FieldShape): DriftChange[] {
  if (known.seen === 0) return [];
  return diffShapes(known, batch).filter((c) => {
    if (c.kind === 'added') return true;
    if (c.kind !== 'type-changed') return false;
    const seen = new Set(comparable(c.before));
    return comparable(c.after).some((t) => !seen.has(t));
  });
}
