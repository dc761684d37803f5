import { toJsonSchema, type FieldShape, type JsonSchemaView } from '../../lib/infer-shape';

export interface ShapeRow {
  /** Dotted path; `[]` for array elements. */
  path: string;
  depth: number;
  types: string[];
  /** % of the parent objects that had the field; null for the root and array elements. */
  presence: number | null;
  examples: string[];
}

/** Whole and fractional numbers read as one type, "number", as in JSON Schema. */
function displayTypes(types: string[]): string[] {
  return types.includes('number') ? types.filter((t) => t !== 'integer') : types;
}

/** The shape as flat rows, parents before children, for a table. */
export function shapeRows(shape: FieldShape): ShapeRow[] {
  const rows: ShapeRow[] = [];
  const visit = (view: JsonSchemaView, path: string, depth: number) => {
    rows.push({
      path: path || '(payload)',
      depth,
      types: displayTypes(Array.isArray(view.type) ? view.type : [view.type]),
      presence: view['x-presence'] ?? null,
      examples: (view.examples ?? []).map((e) => JSON.stringify(e)),
    });
    for (const [key, child] of Object.entries(view.properties ?? {})) visit(child, path ? `${path}.${key}` : key, depth + 1);
    if (view.items) visit(view.items, `${path}[]`, depth + 1);
  };
  visit(toJsonSchema(shape), '', 0);
  return rows;
}
