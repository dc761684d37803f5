// Two versions of an event type side by side: every field of either, with its types and
// presence in each, and what changed. Pure; the catalog's version view draws it.
import { presencePercent, typesOf, type FieldShape, type ValueType } from './infer-shape';
import { sameTypes } from './shape-drift';

export type VersionChange = 'added' | 'removed' | 'type-changed' | 'same';

export interface VersionDiffRow {
  /** Dotted path; `[]` for array elements. */
  path: string;
  depth: number;
  change: VersionChange;
  /** Types in the older and the newer version, most frequent first; empty where the field is absent. */
  before: ValueType[];
  after: ValueType[];
  /** % of the parent objects that had the field in each version; null where absent, and for array elements. */
  presenceBefore: number | null;
  presenceAfter: number | null;
}

/** Presence moving by this many points (optional ↔ always there) is worth a look even when nothing else changed. */
export const PRESENCE_SHIFT = 10;

function walk(before: FieldShape | undefined, after: FieldShape | undefined, ctx: { pb: FieldShape | undefined; pa: FieldShape | undefined }, path: string, depth: number, inherited: VersionChange | null, out: VersionDiffRow[]) {
  const b = before?.seen ? typesOf(before) : [];
  const a = after?.seen ? typesOf(after) : [];
  const change: VersionChange = inherited ?? (!b.length ? 'added' : !a.length ? 'removed' : sameTypes(b, a) ? 'same' : 'type-changed');
  const array = path.endsWith('[]');
  out.push({
    path,
    depth,
    change,
    before: b,
    after: a,
    presenceBefore: before?.seen && ctx.pb && !array ? presencePercent(ctx.pb, before) : null,
    presenceAfter: after?.seen && ctx.pa && !array ? presencePercent(ctx.pa, after) : null,
  });
  const pass = change === 'added' || change === 'removed' ? change : null;
  const keys = [...new Set([...Object.keys(after?.properties ?? {}), ...Object.keys(before?.properties ?? {})])];
  for (const key of keys) walk(before?.properties?.[key], after?.properties?.[key], { pb: before, pa: after }, `${path}.${key}`, depth + 1, pass, out);
  if (before?.items?.seen || after?.items?.seen) walk(before?.items, after?.items, { pb: before, pa: after }, `${path}[]`, depth + 1, pass, out);
}

/**
 * Every field of two versions' shapes, the newer version's order first, then what only
 * the older had. Fields inside an added or removed object carry its change.
 */
export function diffVersions(before: FieldShape, after: FieldShape): VersionDiffRow[] {
  const out: VersionDiffRow[] = [];
  const keys = [...new Set([...Object.keys(after.properties ?? {}), ...Object.keys(before.properties ?? {})])];
  for (const key of keys) walk(before.properties?.[key], after.properties?.[key], { pb: before, pa: after }, key, 0, null, out);
  if (before.items?.seen || after.items?.seen) walk(before.items, after.items, { pb: before, pa: after }, '[]', 0, null, out);
  return out;
}

/** The rows' changes counted at their top (a field inside an added object is not counted again), and presence shifts. */
export function summarizeDiff(rows: readonly VersionDiffRow[]): Record<Exclude<VersionChange, 'same'>, number> & { presenceShifts: number } {
  const counts = { added: 0, removed: 0, 'type-changed': 0, presenceShifts: 0 };
  const topOf = new Set<string>();
  for (const r of rows) {
    const parent = r.path.endsWith('[]') ? r.path.slice(0, -2) : r.path.slice(0, Math.max(0, r.path.lastIndexOf('.')));
    if (r.change === 'same') {
      if (r.presenceBefore !== null && r.presenceAfter !== null && Math.abs(r.presenceAfter - r.presenceBefore) >= PRESENCE_SHIFT) counts.presenceShifts += 1;
      continue;
    }
    if ((r.change === 'added' || r.change === 'removed') && topOf.has(parent)) {
      topOf.add(r.path);
      continue;
    }
    if (r.change === 'added' || r.change === 'removed') topOf.add(r.path);
    counts[r.change] += 1;
  }
  return counts;
}
