// PGlite in its worker thread, against what the app relies on from an in-process PGlite:
// PostgreSQL's errors as DatabaseError with their fields, binary array parameters, the
// caller's own parsers, one transaction holding the connection, and a clean close.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { messages } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { int8Array, textArray } from './binary-arrays';
import { openPgliteThread, type PgliteThread } from './pglite-thread';
import { createPgliteExecutor } from './pglite-executor';
import { createScratch, type Scratch } from './test-support/scratch-databases';

describe('PGlite in a worker thread', () => {
  let scratch: Scratch;
  let db: PgliteThread;

  beforeAll(async () => {
    scratch = await createScratch('pglite', 'thread');
    db = await openPgliteThread(scratch.config.dataDir);
    await db.exec('CREATE TABLE things (id int8 PRIMARY KEY, name text NOT NULL, at timestamptz)');
  });
  afterAll(async () => {
    await db?.close();
    await scratch?.drop();
  });

  it("rejects with PostgreSQL's error as a DatabaseError, code and constraint included", async () => {
    await db.query('INSERT INTO things (id, name) VALUES (1, $1)', ['one']);
    const err = await db.query('INSERT INTO things (id, name) VALUES (1, $1)', ['again']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(messages.DatabaseError);
    expect(err).toMatchObject({ code: '23505', constraint: 'things_pkey', severity: 'ERROR', table: 'things' });
    expect((err as Error).message).toMatch(/duplicate key/);
    await db.exec('DELETE FROM things');
  });

  it('passes binary arrays through, and leaves the caller’s buffers usable', async () => {
    const sql = createPgliteExecutor(db);
    const ids = int8Array(['9007199254740993', '2']);
    const names = textArray(['ä', 'b']); // small: allocated from Node's shared pool
    const { rows } = await sql.query<{ id: bigint; name: string }>(
      'INSERT INTO things (id, name) SELECT * FROM unnest($1::int8[], $2::text[]) RETURNING id, name',
      [ids, names],
    );
    expect(rows).toEqual([
      { id: 9007199254740993n, name: 'ä' },
      { id: 2n, name: 'b' },
    ]);
    expect(ids.readInt32BE(12)).toBe(2); // not transferred away
    expect(names.byteLength).toBeGreaterThan(20);

    // Byte-view parameters take the worker's own Bind (pglite-bulk-query.mjs): its errors
    // too come back whole, inside a transaction as outside, and the connection recovers.
    const insert = 'INSERT INTO things (id, name) SELECT * FROM unnest($1::int8[], $2::text[])';
    await expect(sql.query(insert, [ids, names])).rejects.toMatchObject({ code: '23505', constraint: 'things_pkey' });
    await expect(sql.transaction((tx) => tx.query(insert, [ids, names]))).rejects.toBeInstanceOf(messages.DatabaseError);
    const nullName = [int8Array([3n]), textArray([null])]; // name is NOT NULL
    await expect(sql.transaction((tx) => tx.query(insert, nullName))).rejects.toMatchObject({ code: '23502', column: 'name' });
    expect((await sql.query('SELECT count(*)::int AS n FROM things')).rows).toEqual([{ n: 2 }]);
    await db.exec('DELETE FROM things');
  });

  it("applies the caller's parsers here, in both row modes", async () => {
    const parsers = { 20: (v: string) => `int8:${v}`, 1184: (v: string, type?: number) => `${type}:${v.slice(0, 4)}` };
    const text = `SELECT 5::int8 AS n, '2024-01-02T00:00:00Z'::timestamptz AS at, NULL::int8 AS none, 7 AS plain`;
    const asArrays = await db.query(text, [], { rowMode: 'array', parsers });
    expect(asArrays.rows).toEqual([['int8:5', '1184:2024', null, 7]]);
    const asObjects = await db.query(text, [], { parsers });
    expect(asObjects.rows).toEqual([{ n: 'int8:5', at: '1184:2024', none: null, plain: 7 }]);
  });

  it('holds the connection for a transaction: other calls wait for it to end, and a failure rolls it back', async () => {
    const order: string[] = [];
    let outside: Promise<unknown> | undefined;
    await db.transaction(async (tx) => {
      await tx.query(`INSERT INTO things (id, name) VALUES (10, 'in tx')`);
      outside = db.query('SELECT count(*)::int AS n FROM things').then((r) => order.push(`outside saw ${(r.rows[0] as { n: number }).n}`));
      await new Promise((r) => setTimeout(r, 50));
      await tx.query(`INSERT INTO things (id, name) VALUES (11, 'in tx')`);
      order.push('tx done');
    });
    await outside;
    expect(order).toEqual(['tx done', 'outside saw 2']);

    await expect(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO things (id, name) VALUES (12, 'gone')`);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await db.transaction(async (tx) => {
      await tx.query(`INSERT INTO things (id, name) VALUES (13, 'rolled back')`);
      await tx.rollback();
    });
    expect((await db.query('SELECT id FROM things ORDER BY id')).rows).toEqual([{ id: 10 }, { id: 11 }]);
    await db.exec('DELETE FROM things');
  });

  it('starts PostgreSQL with its settings (new WAL segments not zero-filled)', async () => {
    expect((await db.query('SHOW wal_init_zero')).rows).toEqual([{ wal_init_zero: 'off' }]);
  });

  it('refuses calls after close', async () => {
    const other = await createScratch('pglite', 'thread-close');
    try {
      const t = await openPgliteThread(other.config.dataDir);
      await t.close();
      expect(t.closed).toBe(true);
      await expect(t.query('SELECT 1')).rejects.toThrow(/closed/);
      await t.close(); // twice is fine
    } finally {
      await other.drop();
    }
  });

  it('does not keep an idle process alive', () => {
    // A script that opens the database, queries, and forgets to close: it must still exit,
    // as it would with an in-process PGlite.
    const script = `import { openPgliteThread } from ${JSON.stringify(fileURLToPath(new URL('./pglite-thread.ts', import.meta.url)))};
      const t = await openPgliteThread(process.argv[1]);
      console.log(JSON.stringify((await t.query('SELECT 41 + 1 AS n')).rows));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, scratch.config.dataDir + '-idle'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(out.trim()).toBe('[{"n":42}]');
  });
});
