import { fileURLToPath } from 'node:url';
import { readdirSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from './database';
import { DatabaseUnavailableError } from './store-errors';
import { createScratch, databaseKinds, type Scratch } from './test-support/scratch-databases';

/** Every migration in the repository, in order (other issues add theirs). */
const REPO_MIGRATIONS = readdirSync(fileURLToPath(new URL('../../prisma/migrations', import.meta.url)), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe.each(databaseKinds)('createDatabase on %s', (kind) => {
  let scratch: Scratch;
  let db: Database;

  beforeAll(async () => {
    scratch = await createScratch(kind, 'database');
    db = await createDatabase(scratch.config);
  });
  afterAll(async () => {
    await db?.close();
    await scratch?.drop();
  });
  afterEach(async () => {
    await db.sql.exec('DELETE FROM sessions; DELETE FROM users; DELETE FROM audit_entries; DELETE FROM settings');
  });

  it('opens migrated, says what it is, and answers ping', async () => {
    expect(db.kind).toBe(kind);
    expect(db.migrations.applied).toEqual(REPO_MIGRATIONS);
    await expect(db.ping()).resolves.toBeUndefined();
  });

  it('writes and reads a user with a session in one Prisma transaction', async () => {
    const expiresAt = new Date(Date.now() + 3_600_000);
    const created = await db.prisma.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { username: 'ada', passwordHash: 'x', role: 'operator' } });
      await tx.session.create({ data: { tokenHash: 'h1', userId: user.id, csrfToken: 'c1', expiresAt, ip: '10.0.0.1' } });
      return user;
    });
    const read = await db.prisma.user.findUniqueOrThrow({ where: { username: 'ada' }, include: { sessions: true } });
    expect(read).toMatchObject({ id: created.id, role: 'operator', lastLoginAt: null });
    expect(read.createdAt).toBeInstanceOf(Date);
    expect(read.sessions).toEqual([expect.objectContaining({ tokenHash: 'h1', csrfToken: 'c1', expiresAt, ip: '10.0.0.1', userAgent: null })]);

    // The foreign key cascades, as the schema says.
    await db.prisma.user.delete({ where: { id: created.id } });
    expect(await db.prisma.session.count()).toBe(0);
  });

  it('rolls a failed Prisma transaction back, and keeps working afterwards', async () => {
    await expect(
      db.prisma.$transaction(async (tx) => {
        await tx.user.create({ data: { username: 'grace', passwordHash: 'x' } });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await expect(
      db.prisma.$transaction([
        db.prisma.user.create({ data: { username: 'linus', passwordHash: 'x' } }),
        db.prisma.user.create({ data: { username: 'linus', passwordHash: 'y' } }),
      ]),
    ).rejects.toMatchObject({ code: 'P2002' });
    expect(await db.prisma.user.count()).toBe(0);
    await db.prisma.user.create({ data: { username: 'after', passwordHash: 'x' } });
    expect(await db.prisma.user.count()).toBe(1);
  });

  it('shares the connection safely between Prisma and raw SQL, transactions included', async () => {
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) {
      work.push(db.prisma.auditEntry.create({ data: { actor: `p${i}`, action: 'test', outcome: 'ok' } }));
      work.push(db.sql.query(`INSERT INTO audit_entries (actor, action, outcome) VALUES ($1, 'test', 'ok')`, [`s${i}`]));
      work.push(db.sql.transaction(async (tx) => {
        await tx.query(`INSERT INTO audit_entries (actor, action, outcome) VALUES ($1, 'tx', 'ok')`, [`t${i}`]);
        await tx.query(`INSERT INTO audit_entries (actor, action, outcome) VALUES ($1, 'tx', 'ok')`, [`u${i}`]);
      }));
      work.push(db.prisma.$transaction(async (tx) => tx.auditEntry.create({ data: { actor: `i${i}`, action: 'tx', outcome: 'ok' } })));
    }
    await Promise.all(work);
    expect(await db.prisma.auditEntry.count()).toBe(100);

    // A raw transaction that fails leaves nothing behind.
    await expect(
      db.sql.transaction(async (tx) => {
        await tx.query(`INSERT INTO audit_entries (actor, action, outcome) VALUES ('gone', 'tx', 'ok')`);
        await tx.query('SELECT * FROM no_such_table');
      }),
    ).rejects.toThrow(/no_such_table/);
    expect((await db.sql.query(`SELECT count(*) AS n FROM audit_entries WHERE actor = 'gone'`)).rows).toEqual([{ n: 0n }]);
  });

  it('returns the same JavaScript values from raw SQL on both backends', async () => {
    const { rows, rowCount } = await db.sql.query(
      `SELECT 9007199254740993::int8 AS big, ARRAY[1, 2]::int8[] AS bigs, 7::int4 AS int, 1.50::numeric(10,2) AS num,
              '2024-02-29'::date AS day, '2024-02-29T10:00:00.123Z'::timestamptz AS at, '{"a":[1]}'::jsonb AS doc,
              '\\x0102'::bytea AS bytes, ARRAY['a', NULL]::text[] AS texts, true AS yes, NULL::text AS nothing`,
    );
    expect(rowCount).toBe(1);
    const row = rows[0]!;
    expect({ ...row, bytes: [...(row.bytes as Uint8Array)] }).toEqual({
      big: 9007199254740993n,
      bigs: [1n, 2n],
      int: 7,
      num: '1.50',
      day: '2024-02-29',
      at: new Date('2024-02-29T10:00:00.123Z'),
      doc: { a: [1] },
      bytes: [1, 2],
      texts: ['a', null],
      yes: true,
      nothing: null,
    });
    const ins = await db.sql.query(`INSERT INTO settings (key, value) VALUES ('a', $1), ('b', $1)`, [JSON.stringify({ on: true })]);
    expect(ins.rowCount).toBe(2);
    expect(await db.prisma.setting.findUnique({ where: { key: 'a' } })).toMatchObject({ value: { on: true } });
    // Prisma's BigInt and raw SQL's int8 agree.
    const entry = await db.prisma.auditEntry.create({ data: { actor: 'x', action: 'y', outcome: 'ok' } });
    expect(typeof entry.id).toBe('bigint');
    expect((await db.sql.query<{ id: bigint }>('SELECT id FROM audit_entries')).rows).toEqual([{ id: entry.id }]);
  });
});

describe('createDatabase failures', () => {
  it('names host:port, never the password, when PostgreSQL is unreachable', async () => {
    const err = await createDatabase({ url: 'postgres://app:hunter2secret@127.0.0.1:1/eventline', dataDir: '/nonexistent', connectTimeoutMs: 2000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseUnavailableError);
    expect(err).toMatchObject({ code: 'DATABASE_UNAVAILABLE', retriable: true, httpStatus: 503, where: '127.0.0.1:1' });
    expect((err as Error).message).toContain('127.0.0.1:1');
    expect((err as Error).message).toContain('connection refused');
    expect(JSON.stringify(err) + (err as Error).message + String((err as Error).stack)).not.toContain('hunter2secret');
  });

  it('rejects a malformed URL without echoing it', async () => {
    const err = await createDatabase({ url: 'postgres://app:hunter2secret@[bad/x', dataDir: '/nonexistent' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseUnavailableError);
    expect((err as Error).message).not.toContain('hunter2secret');
    expect((err as Error).cause).toBeUndefined();
  });

  it('keeps a second process (or handle) off an open PGlite folder, and reopens it after close', async () => {
    const scratch = await createScratch('pglite', 'lock');
    try {
      const first = await createDatabase(scratch.config);
      await first.prisma.setting.create({ data: { key: 'k', value: 1 } });
      const err = await createDatabase(scratch.config).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DatabaseUnavailableError);
      expect((err as Error).message).toMatch(/in use by process \d+/);
      await first.close();

      const again = await createDatabase(scratch.config);
      expect(again.migrations).toEqual({ applied: [], alreadyApplied: REPO_MIGRATIONS, notOnDisk: [] });
      expect(await again.prisma.setting.findUnique({ where: { key: 'k' } })).toMatchObject({ value: 1 });
      await again.close();
    } finally {
      await scratch.drop();
    }
  });
});
