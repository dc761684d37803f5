import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GroupDetail, LagStatus, PartitionLag } from '../../lib/lag-types';
import { createDatabase, type Database } from '../store/database';
import { createScratch, databaseKinds, type Scratch } from '../store/test-support/scratch-databases';
import { createLagHistory, DEFAULT_RETENTION } from './lag-history';

// Synthetic cycles with timestamps in the past, fed through record(); every call takes
// `now`, so nothing waits on the clock.
const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 10, 29, 12, 0, 0);
const T = T0;

interface Part {
  p: number;
  lag: number | null;
  secs?: number | null;
}

function cycle(at: number, groupId: string, g: { total: number | null; secs: number | null; status: LagStatus; parts: Part[]; change?: [LagStatus | null, LagStatus] }) {
  const partitions = g.parts.map((x) => ({ topic: 't', partition: x.p, committed: 100, logEnd: 100 + (x.lag ?? 0), lag: x.lag, lagSeconds: x.secs ?? null }) as PartitionLag);
  const group = { groupId, totalLag: g.total, maxLagSeconds: g.secs, status: g.status, partitions } as GroupDetail;
  const statusChanges = g.change ? [{ groupId, change: { at, from: g.change[0], to: g.change[1], reason: `now ${g.change[1]}` } }] : [];
  return { at, groups: [group], statusChanges };
}

describe.each(databaseKinds)('lag history on %s', (kind) => {
  let scratch: Scratch;
  let db: Database;

  beforeAll(async () => {
    scratch = await createScratch(kind, 'lag_history');
    db = await createDatabase(scratch.config);
  });
  afterAll(async () => {
    await db?.close();
    await scratch?.drop();
  });

  const count = async (table: string, groupId: string, extra = '') =>
    Number((await db.sql.query<{ n: bigint }>(`SELECT count(*) AS n FROM ${table} WHERE group_id = $1 ${extra}`, [groupId])).rows[0]!.n);

  /** Minute 12:01 has three samples, minute 12:02 one; the 12:01:20 one is the worst. */
  async function recordSamples(groupId: string, history = createLagHistory({ database: db }), T = T0) {
    await history.record(cycle(T + 1 * MIN, groupId, { total: 15, secs: 1.5, status: 'OK', parts: [{ p: 0, lag: 10, secs: 1.5 }, { p: 1, lag: 5, secs: 1 }] }));
    await history.record(cycle(T + 1 * MIN + 20_000, groupId, { total: 30, secs: 4, status: 'WARN', parts: [{ p: 0, lag: 30, secs: 4 }, { p: 1, lag: null }], change: ['OK', 'WARN'] }));
    await history.record(cycle(T + 1 * MIN + 40_000, groupId, { total: 27, secs: 2, status: 'OK', parts: [{ p: 0, lag: 20, secs: 2 }, { p: 1, lag: 7, secs: 0.5 }], change: ['WARN', 'OK'] }));
    await history.record(cycle(T + 2 * MIN + 10_000, groupId, { total: 4, secs: 0.5, status: 'STALL', parts: [{ p: 0, lag: 3, secs: 0.5 }, { p: 1, lag: 1, secs: 0.2 }], change: ['OK', 'STALL'] }));
    return history;
  }

  it('answers 15m and 1h from the raw samples, in order, within the range', async () => {
    const history = await recordSamples('raw');
    const now = T + 5 * MIN;
    const h = await history.query('raw', '15m', now);
    expect(h.resolution).toBe('raw');
    expect(h.points).toEqual([
      { at: T + MIN, totalLag: 15, maxLagSeconds: 1.5, status: 'OK' },
      { at: T + MIN + 20_000, totalLag: 30, maxLagSeconds: 4, status: 'WARN' },
      { at: T + MIN + 40_000, totalLag: 27, maxLagSeconds: 2, status: 'OK' },
      { at: T + 2 * MIN + 10_000, totalLag: 4, maxLagSeconds: 0.5, status: 'STALL' },
    ]);
    expect(h.partitions.map((x) => [x.at - T, x.partition, x.lag])).toEqual([
      [MIN, 0, 10], [MIN, 1, 5],
      [MIN + 20_000, 0, 30], [MIN + 20_000, 1, null],
      [MIN + 40_000, 0, 20], [MIN + 40_000, 1, 7],
      [2 * MIN + 10_000, 0, 3], [2 * MIN + 10_000, 1, 1],
    ]);
    expect(h.statusChanges.map((c) => [c.at - T, c.from, c.to])).toEqual([
      [MIN + 20_000, 'OK', 'WARN'],
      [MIN + 40_000, 'WARN', 'OK'],
      [2 * MIN + 10_000, 'OK', 'STALL'],
    ]);
    // 15 minutes before 12:16:30 is 12:01:30: the two first samples are out of range, not in 1h.
    expect((await history.query('raw', '15m', T + 16 * MIN + 30_000)).points.map((p) => p.totalLag)).toEqual([27, 4]);
    expect((await history.query('raw', '1h', T + 16 * MIN + 30_000)).points).toHaveLength(4);
  });

  it('rolls samples up by the minute and the hour: the worst lag, lag in seconds and status of each bucket', async () => {
    const history = await recordSamples('rollup');
    const now = T + 5 * MIN;
    await history.rollUpAndPrune(now);
    const minutes = await history.query('rollup', '6h', now);
    expect(minutes.resolution).toBe(MIN);
    expect(minutes.points).toEqual([
      { at: T + MIN, totalLag: 30, maxLagSeconds: 4, status: 'WARN' },
      { at: T + 2 * MIN, totalLag: 4, maxLagSeconds: 0.5, status: 'STALL' },
    ]);
    // p1's null lag at 12:01:20 doesn't hide its known ones.
    expect(minutes.partitions.map((x) => [x.at - T, x.partition, x.lag])).toEqual([
      [MIN, 0, 30], [MIN, 1, 7],
      [2 * MIN, 0, 3], [2 * MIN, 1, 1],
    ]);
    expect((await history.query('rollup', '24h', now)).points).toEqual(minutes.points);

    const hours = await history.query('rollup', '7d', now);
    expect(hours.resolution).toBe(HOUR);
    expect(hours.points).toEqual([{ at: T, totalLag: 30, maxLagSeconds: 4, status: 'STALL' }]);
    expect(hours.partitions.map((x) => [x.at, x.partition, x.lag])).toEqual([
      [T, 0, 30],
      [T, 1, 7],
    ]);
    const rows = await db.sql.query<{ s: number | null }>(`SELECT lag_seconds AS s FROM lag_rollups WHERE group_id = 'rollup' AND step_ms = ${HOUR} ORDER BY partition`);
    expect(rows.rows.map((r) => r.s)).toEqual([4, 4, 1]);

    // Idempotent: a second run over the same minutes changes nothing.
    await history.rollUpAndPrune(now + 30_000);
    expect(await history.query('rollup', '6h', now)).toEqual(minutes);
    expect(await count('lag_rollups', 'rollup')).toBe(2 + 4 + 1 + 2);
  });

  it('rolls up samples from a time the job did not run (the server was down), not only the last minutes', async () => {
    // Two days later than the other tests' samples (whose buckets are rolled up already).
    const T = T0 + 2 * DAY;
    const history = await recordSamples('gap', undefined, T);
    // First run 3 hours later: the 12:01 and 12:02 samples are still there to roll up.
    const now = T + 3 * HOUR + 5 * MIN;
    await history.rollUpAndPrune(now);
    expect((await history.query('gap', '6h', now)).points.map((p) => [p.at - T, p.totalLag])).toEqual([
      [MIN, 30],
      [2 * MIN, 4],
    ]);
    expect((await history.query('gap', '7d', now)).points.map((p) => [p.at, p.totalLag, p.status])).toEqual([[T, 30, 'STALL']]);
  });

  it('prunes raw samples, minute and hour rollups and status changes past their configured retention', async () => {
    const history = await recordSamples('prune', createLagHistory({ database: db, retention: { rawMs: 2 * HOUR, minuteMs: DAY, hourMs: 3 * DAY } }));
    expect(history.retention).toEqual({ rawMs: 2 * HOUR, minuteMs: DAY, hourMs: 3 * DAY });
    await history.rollUpAndPrune(T + 5 * MIN);
    const state = async () => [
      await count('lag_samples', 'prune'),
      await count('lag_group_samples', 'prune'),
      await count('lag_rollups', 'prune', `AND step_ms = ${MIN}`),
      await count('lag_rollups', 'prune', `AND step_ms = ${HOUR}`),
      await count('lag_status_changes', 'prune'),
    ];
    expect(await state()).toEqual([8, 4, 6, 3, 3]);
    // 2 h after the first sample: all kept. 2 h after the 12:01:40 one: the first three are gone.
    await history.rollUpAndPrune(T + MIN + 2 * HOUR);
    expect(await state()).toEqual([8, 4, 6, 3, 3]);
    await history.rollUpAndPrune(T + MIN + 40_000 + 2 * HOUR + 1);
    expect(await state()).toEqual([2, 1, 6, 3, 3]);
    await history.rollUpAndPrune(T + 2 * MIN + DAY + 1);
    expect(await state()).toEqual([0, 0, 0, 3, 3]);
    await history.rollUpAndPrune(T + 2 * MIN + 10_000 + 3 * DAY + 1);
    expect(await state()).toEqual([0, 0, 0, 0, 0]);
  });

  it('keeps raw samples 24 h, minutes 7 days and hours 90 days by default', async () => {
    expect(DEFAULT_RETENTION).toEqual({ rawMs: DAY, minuteMs: 7 * DAY, hourMs: 90 * DAY });
    const history = await recordSamples('defaults');
    await history.rollUpAndPrune(T + 5 * MIN);
    await history.rollUpAndPrune(T + DAY);
    expect(await count('lag_samples', 'defaults')).toBe(8);
    await history.rollUpAndPrune(T + 2 * MIN + 10_000 + DAY + 1);
    expect(await count('lag_samples', 'defaults')).toBe(0);
    expect(await count('lag_rollups', 'defaults', `AND step_ms = ${MIN}`)).toBe(6);
  });
});
