import pg from 'pg';
import { NestedTransactionError, OID, type QueryResult, type SqlExecutor } from './sql-executor';

const TEXT_ARRAY = 1009;
const textArray = (pg.types.getTypeParser as (oid: number, format: 'text') => (v: string) => (string | null)[])(TEXT_ARRAY, 'text');

// Per query rather than on pg.types, so the Prisma adapter (which brings its own
// parsers) and any other pg user in the process keep the library defaults.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (format !== 'binary') {
      if (oid === OID.INT8) return (v: string) => BigInt(v);
      if (oid === OID.INT8_ARRAY) return (v: string) => textArray(v).map((x) => (x === null ? null : BigInt(x)));
      if (oid === OID.DATE) return (v: string) => v;
    }
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

type Queryable = pg.Pool | pg.PoolClient;

async function run<T>(db: Queryable, text: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
  const r = await db.query({ text, values: params as unknown[] | undefined, types });
  return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
}

function clientExecutor(client: pg.PoolClient): SqlExecutor {
  return {
    query: (text, params) => run(client, text, params),
    exec: async (script) => void (await client.query(script)),
    transaction: () => Promise.reject(new NestedTransactionError()),
  };
}

/** A SqlExecutor over a node-postgres pool; transactions check out one client. */
export function createPgExecutor(pool: pg.Pool): SqlExecutor {
  return {
    query: (text, params) => run(pool, text, params),
    exec: async (script) => void (await pool.query(script)),
    async transaction(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const out = await fn(clientExecutor(client));
        await client.query('COMMIT');
        return out;
      } catch (err) {
        // A failed ROLLBACK means the connection is unusable: destroy it, don't pool it.
        await client.query('ROLLBACK').catch((e: Error) => (broken = e));
        throw err;
      } finally {
        client.release(broken);
      }
    },
  };
}
