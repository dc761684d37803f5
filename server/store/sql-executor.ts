/**
 * Raw, parameterised SQL beside Prisma, for the batch paths (collector inserts, lag
 * samples) where one multi-row statement beats many ORM calls.
 *
 * Both backends return the same JavaScript values, so code written against PGlite
 * behaves the same on PostgreSQL: int8 → bigint (Kafka offsets must not lose
 * precision, and Prisma's BigInt fields are bigint too), numeric → string,
 * timestamptz → Date, date → 'YYYY-MM-DD' string, json/jsonb → parsed value,
 * bytea → Uint8Array (a Buffer on node-postgres).
 *
 * Pass json/jsonb parameters as JSON.stringify(value): node-postgres turns a JS array
 * into a PostgreSQL array literal, PGlite does not.
 */
export interface QueryResult<T> {
  rows: T[];
  /** Rows affected by INSERT/UPDATE/DELETE, rows returned by SELECT. */
  rowCount: number;
}

export interface SqlExecutor {
  /** One statement with `$1, $2…` placeholders. */
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
  /** A script of several statements and no parameters (migrations). */
  exec(script: string): Promise<void>;
  /**
   * Runs `fn` in one transaction on one connection: committed if it resolves, rolled
   * back if it throws. Inside, use only `tx`: on PGlite the outer executor (and Prisma)
   * waits for this transaction to end, so calling it from inside would deadlock.
   */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
}

export const OID = { INT8: 20, INT8_ARRAY: 1016, DATE: 1082 } as const;

export class NestedTransactionError extends Error {
  constructor() {
    super('SqlExecutor.transaction() was called on a transaction handle; nested transactions are not supported');
  }
}
