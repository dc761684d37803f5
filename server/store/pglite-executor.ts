import { PGlite, types as pgliteTypes, type Transaction } from '@electric-sql/pglite';
import { BINARY_ARRAY_OIDS } from './binary-arrays';
import type { PgliteThread, PgliteTransaction } from './pglite-thread';
import { NestedTransactionError, OID, type QueryResult, type SqlExecutor } from './sql-executor';

// PGlite parses int8 to a JS number (lossy above 2^53) and date to a Date; align it
// with pg-executor.ts. Passed per query so the Prisma adapter's own parsers stay intact.
const parsers = {
  [OID.INT8]: (v: string) => BigInt(v),
  [OID.INT8_ARRAY]: (v: string) => pgliteTypes.arrayParser(v, (x: string) => BigInt(x), OID.INT8_ARRAY),
  [OID.DATE]: (v: string) => v,
};

type Queryable = Pick<PGlite | Transaction | PgliteThread | PgliteTransaction, 'query' | 'exec'>;
type Serializers = Record<number, (v: unknown) => string>;

/**
 * A Buffer for one of binary-arrays.ts's array types goes to PostgreSQL as binary, as
 * node-postgres sends every Buffer (PGlite's bind sends a byte view as binary, but its
 * array serializer would first turn it into an array literal).
 */
function binaryArrays(db: PGlite): Serializers {
  const own = (oid: number) => (db.serializers as Serializers)[oid] ?? String; // read late: PGlite fills them in once ready
  return Object.fromEntries(BINARY_ARRAY_OIDS.map((oid) => [oid, (v: unknown) => (Buffer.isBuffer(v) ? (v as unknown as string) : own(oid)(v))]));
}

async function run<T>(db: Queryable, serializers: Serializers | undefined, text: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
  const r = await db.query<T>(text, params as unknown[] | undefined, { parsers, serializers });
  return { rows: r.rows, rowCount: r.rowCount ?? r.affectedRows ?? r.rows.length };
}

function executorOn(db: Queryable, serializers: Serializers | undefined, transaction: SqlExecutor['transaction']): SqlExecutor {
  return {
    query: (text, params) => run(db, serializers, text, params),
    exec: async (script) => void (await db.exec(script)),
    transaction,
  };
}

/**
 * A SqlExecutor over one PGlite instance, in-process or in its thread (pglite-thread.ts,
 * whose worker passes binary arrays through itself). PGlite has a single connection and
 * queues every call behind a mutex; a transaction holds that mutex until it ends, so
 * other callers (Prisma included) simply wait their turn.
 */
export function createPgliteExecutor(db: PGlite | PgliteThread): SqlExecutor {
  const serializers = db instanceof PGlite ? binaryArrays(db) : undefined;
  const transaction = (fn: (tx: SqlExecutor) => Promise<unknown>) =>
    (db as PgliteThread).transaction((tx) => fn(executorOn(tx, serializers, () => Promise.reject(new NestedTransactionError()))));
  return executorOn(db, serializers, transaction as SqlExecutor['transaction']);
}
