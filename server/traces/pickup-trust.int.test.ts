// When a recorded commit is trusted for a pickup, and when the lag samples say instead:
// hand-written history on the real databases, read by the real pickup statement.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../store';
import { createScratch, databaseKinds, type Scratch } from '../store/test-support/scratch-databases';
import { loadPickups, type PickupEvent } from './pickup-queries';

const T0 = Date.parse('2026-11-29T08:00:00.000Z');
const iso = (ms: number) => new Date(T0 + ms).toISOString();

describe.each(databaseKinds)('which history a pickup trusts on %s', (kind) => {
  let scratch: Scratch;
  let db: Database;

  beforeAll(async () => {
    scratch = await createScratch(kind, 'pickup-trust');
    db = await createDatabase(scratch.config);
  });
  afterAll(async () => {
    await db?.close();
    await scratch?.drop();
  });

  const commits = (group: string, partition: number, rows: [offset: number, ms: number][]) =>
    db.sql.query(
      `INSERT INTO consumer_commits SELECT $1, 't', $2, u.o, to_timestamp(($3::float8 + u.ms) / 1000.0) FROM unnest($4::int8[], $5::float8[]) AS u(o, ms)`,
      [group, partition, T0, rows.map((r) => String(r[0])), rows.map((r) => r[1])],
    );
  const samples = (group: string, partition: number, rows: [committed: number, ms: number][]) =>
    db.sql.query(
      `INSERT INTO lag_samples (group_id, topic, partition, sampled_at, committed_offset) SELECT $1, 't', $2, to_timestamp(($3::float8 + u.ms) / 1000.0), u.c FROM unnest($4::int8[], $5::float8[]) AS u(c, ms)`,
      [group, partition, T0, rows.map((r) => String(r[0])), rows.map((r) => r[1])],
    );
  const event = (id: number, partition: number, offset: number, ms: number): PickupEvent => ({ id: String(id), topic: 't', partition, offset: String(offset), timestamp: iso(ms) });

  it('trusts a prompt commit, checks a late one against the samples, and keeps to the samples without history', async () => {
    // Partition 0: commits 100 ms apart, one lost (offset 3 never recorded, 4 came 20 s later).
    await commits('billing', 0, [[0, 0], [1, 1100], [2, 1200], [4, 21_000]]);
    await samples('billing', 0, [[0, 500], [2, 5000], [4, 10_000], [4, 25_000]]);
    // Partition 1: a group with commits only, and none before offset 7 (pruned: the oldest kept is at 0 ms).
    await commits('audit', 1, [[7, 30_000], [8, 30_100]]);
    const out = await loadPickups(db.sql, [event(1, 0, 0, 1000), event(2, 0, 1, 1150), event(3, 0, 3, 2000), event(4, 1, 5, -5000), event(5, 1, 7, 30_050), event(6, 1, 8, 30_200)]);
    const of = (id: number, group: string) => out[String(id)]!.find((p) => p.groupId === group);
    // Prompt after the event: the commit, after the event's time (the commit before came first).
    expect(of(1, 'billing')).toEqual({ groupId: 'billing', state: 'picked', at: iso(1100), afterAt: iso(1000), source: 'commit' });
    expect(of(2, 'billing')).toEqual({ groupId: 'billing', state: 'picked', at: iso(1200), afterAt: iso(1150), source: 'commit' });
    // The first recorded commit past offset 3 is 19 s after a sample saw it passed: the samples say.
    expect(of(3, 'billing')).toEqual({ groupId: 'billing', state: 'picked', at: iso(10_000), afterAt: iso(5000), source: 'lag-sample' });
    // Older than every commit kept and no commit before it recorded: pruned ones may have passed it.
    expect(of(4, 'audit')).toEqual({ groupId: 'audit', state: 'unknown', at: iso(30_000), afterAt: null, source: 'commit' });
    expect(of(5, 'audit')).toEqual({ groupId: 'audit', state: 'picked', at: iso(30_100), afterAt: iso(30_050), source: 'commit' });
    expect(of(6, 'audit')).toEqual({ groupId: 'audit', state: 'waiting', at: iso(30_100), afterAt: null, source: 'commit' });
    expect(of(4, 'billing'), 'billing has no history on partition 1').toBeUndefined();
  });
});
