import type { PGlite, Transaction } from '@electric-sql/pglite';
import { types as pgliteTypes } from '@electric-sql/pglite';
import { NestedTransactionError, OID, type QueryResult, type SqlExecutor } from './sql-executor';

// PGlite parses int8 to a JS number (lossy above 2^53) and date to a Date; align it
// with pg-executor.ts. Passed per query so the Prisma adapter's own parsers stay intact.
const parsers = {
  [OID.INT8]: (v: string) => BigInt(v),
  [OID.INT8_ARRAY]: (v: string) => pgliteTypes.arrayParser(v, (x: string) => BigInt(x), OID.INT8_ARRAY),
  [OID.DATE]: (v: string) => v,
};

type Queryable = Pick<PGlite | Transaction, 'query' | 'exec'>;

async function run<T>(db: Queryable, text: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
  const r = await db.query<T>(text, params as unknown[] | undefined, { parsers });
  return { rows: r.rows, rowCount: r.rowCount ?? r.affectedRows ?? r.rows.length };
}

function executorOn(db: Queryable, transaction: SqlExecutor['transaction']): SqlExecutor {
  return {
    query: (text, params) => run(db, text, params),
    exec: async (script) => void (await db.exec(script)),
    transaction,
  };
}

/**
 * A SqlExecutor over one PGlite instance. PGlite has a single connection and queues
 * every call behind a mutex; a transaction holds that mutex until it ends, so other
 * callers (Prisma included) simply wait their turn.
 */
export function createPgliteExecutor(db: PGlite): SqlExecutor {
  return executorOn(db, (fn) =>
    db.transaction((tx) => fn(executorOn(tx, () => Promise.reject(new NestedTransactionError())))),
  );
}
