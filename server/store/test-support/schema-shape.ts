/**
 * A database schema reduced to what the drift check compares, built either from
 * schema.prisma (expected-schema.ts) or from a live database (introspect-schema.ts).
 * Identifiers are unquoted; types are spelled as PostgreSQL's format_type() spells them.
 */
export interface ColumnShape {
  type: string;
  nullable: boolean;
  /** As pg_get_expr() renders it, or null for none. */
  default: string | null;
}

export interface IndexShape {
  /** `col`, `col DESC`, `col NULLS FIRST`… in key order. */
  columns: string[];
  unique: boolean;
  method: string;
  predicate: string | null;
}

export interface ForeignKeyShape {
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete: string;
  onUpdate: string;
}

export interface TableShape {
  columns: Record<string, ColumnShape>;
  primaryKey: { name: string; columns: string[] } | null;
  /** Every index but the primary key's, by name. */
  indexes: Record<string, IndexShape>;
  foreignKeys: Record<string, ForeignKeyShape>;
  /** CHECK constraints by name (Prisma writes none). */
  checks: Record<string, string>;
}

export interface SchemaShape {
  tables: Record<string, TableShape>;
  /** Enum name → labels in order. */
  enums: Record<string, string[]>;
}
