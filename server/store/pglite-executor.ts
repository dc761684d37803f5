import type { PGlite, Transaction } from '@electric-sql/pglite';
import { types as pgliteTypes } from '@electric-sql/pglite';
import { BINARY_ARRAY_OIDS } from './binary-arrays';
import { NestedTransactionError, OID, type QueryResult, type SqlExecutor } from './sql-executor';

// PGlite parses int8 to a JS number (lossy above 2^53) and date to a Date; align it
// with pg-executor.ts. Passed per query so the Prisma adapter's own parsers stay intact.
const parsers = {
  [OID.INT8]: (v: string) => BigInt(v),
  [OID.INT8_ARRAY]: (v: string) => pgliteTypes.arrayParser(v, (x: string) => BigInt(x), OID.INT8_ARRAY),
  [OID.DATE]: (v: string) => v,
};

type Queryable = Pick<PGlite | Transaction, 'query' | 'exec'>;
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

async function run<T>(db: Queryable, serializers: Serializers, text: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
  const r = await db.query<T>(text, params as unknown[] | undefined, { parsers, serializers });
  return { rows: r.rows, rowCount: r.rowCount ?? r.affectedRows ?? r.rows.length };
}

function executorOn(db: Queryable, serializers: Serializers, transaction: SqlExecutor['transaction']): SqlExecutor {
  return {
    query: (text, params) => run(db, serializers, text, params),
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
  const serializers = binaryArrays(db);
  return executorOn(db, serializers, (fn) =>
    db.transaction((tx) => fn(executorOn(tx, serializers, () => Promise.reject(new NestedTransactionError())))),
  );
}
