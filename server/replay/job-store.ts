import type { ReplayCounts, ReplayJobView, ReplayOptions, ReplaySelection, ReplayState, ReplayTarget } from '../../lib/replay-types';
import type { PrismaClient } from '../store';
import type { ReplayCheckpoint, ReplayPlan } from './types';

type Row = NonNullable<Awaited<ReturnType<PrismaClient['replayJob']['findUnique']>>>;

export interface StoredJob {
  id: string;
  state: ReplayState;
  selection: ReplaySelection;
  target: ReplayTarget;
  options: ReplayOptions;
  plan: ReplayPlan;
  checkpoint: ReplayCheckpoint;
  total: number;
  counts: ReplayCounts;
  inFlight: number;
  possibleDuplicates: number;
  error: string | null;
  createdBy: string;
  lastActionBy: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  updatedAt: Date;
  /** The server process running it, while it holds the lease (and the last one that did, once it stopped). */
  claimedBy: string | null;
  /** Until when that claim holds unless renewed, on the database's clock; null once let go. */
  leaseUntil: Date | null;
}

function fromRow(r: Row): StoredJob {
  return {
    id: r.id,
    state: r.state as ReplayState,
    selection: r.selection as unknown as ReplaySelection,
    target: r.target as unknown as ReplayTarget,
    options: r.options as unknown as ReplayOptions,
    plan: r.plan as unknown as ReplayPlan,
    checkpoint: r.checkpoint as unknown as ReplayCheckpoint,
    total: r.total,
    counts: { read: r.readCount, matched: r.matchedCount, sent: r.sentCount, failed: r.failedCount, skipped: r.skipped as ReplayCounts['skipped'] },
    inFlight: r.inFlight,
    possibleDuplicates: r.possibleDuplicates,
    error: r.error,
    createdBy: r.createdBy,
    lastActionBy: r.lastActionBy,
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    updatedAt: r.updatedAt,
    claimedBy: r.claimedBy,
    leaseUntil: r.leaseUntil,
  };
}

/** Source offsets passed so far: how far the checkpoint is into the plan. */
export function progressOf(plan: ReplayPlan, cp: ReplayCheckpoint): number {
  if (plan.kind === 'records' || cp.kind === 'records') return cp.kind === 'records' ? cp.next : 0;
  return plan.partitions.reduce((n, p) => n + Math.max(0, Math.min(p.end, cp.next[String(p.partition)] ?? p.from) - p.from), 0);
}

export function toView(j: StoredJob, live: { rate: number; progressRate: number }): ReplayJobView {
  const progressed = progressOf(j.plan, j.checkpoint);
  const remaining = j.total - progressed;
  return {
    id: j.id,
    state: j.state,
    selection: j.selection,
    target: j.target,
    options: j.options,
    total: j.total,
    progressed,
    counts: j.counts,
    possibleDuplicates: j.possibleDuplicates,
    rate: j.state === 'running' ? live.rate : 0,
    etaSeconds: j.state === 'running' && live.progressRate > 0 ? Math.ceil(remaining / live.progressRate) : null,
    createdBy: j.createdBy,
    createdAt: j.createdAt.toISOString(),
    startedAt: j.startedAt?.toISOString() ?? null,
    finishedAt: j.finishedAt?.toISOString() ?? null,
    updatedAt: j.updatedAt.toISOString(),
    error: j.error,
    lastActionBy: j.lastActionBy,
    claimedBy: j.claimedBy,
    leaseUntil: j.leaseUntil?.toISOString() ?? null,
  };
}

const json = (v: unknown) => v as object;

/**
 * The replay_jobs table. Counts and checkpoint always move together.
 *
 * Several servers may share the database: a running job is run by the one server whose
 * claim (`claimed_by`) it carries, for as long as that server renews its lease
 * (`lease_until`, on the database's clock so servers' clocks need not agree). Every write
 * of a runner is conditional on its claim, so a server that lost its job (it stalled past
 * the lease and another took over) cannot send another batch or move the checkpoint.
 */
export function createJobStore(prisma: PrismaClient, leaseMs: number) {
  return {
    /** A new job, claimed by its creator. */
    async create(j: Omit<StoredJob, 'createdAt' | 'updatedAt' | 'finishedAt' | 'lastActionBy' | 'error' | 'inFlight' | 'possibleDuplicates' | 'claimedBy' | 'leaseUntil'>, owner: string): Promise<StoredJob> {
      const row = await prisma.replayJob.create({
        data: {
          id: j.id,
          state: j.state,
          selection: json(j.selection),
          target: json(j.target),
          options: json(j.options),
          plan: json(j.plan),
          checkpoint: json(j.checkpoint),
          total: j.total,
          createdBy: j.createdBy,
          startedAt: j.startedAt,
          claimedBy: owner,
          // This process's clock for a moment; the first renewal puts it on the database's.
          leaseUntil: new Date(Date.now() + leaseMs),
        },
      });
      return fromRow(row);
    },
    async get(id: string): Promise<StoredJob | null> {
      const row = await prisma.replayJob.findUnique({ where: { id } });
      return row ? fromRow(row) : null;
    },
    async list(limit = 200): Promise<StoredJob[]> {
      return (await prisma.replayJob.findMany({ orderBy: { createdAt: 'desc' }, take: limit })).map(fromRow);
    },
    /**
     * Claims up to `limit` running jobs that no server holds (a lease ran out, or its holder
     * let go) and returns their ids. The batch the last holder had in flight may have been
     * written: it moves into possible_duplicates. Two servers claiming at once each get
     * other jobs (SKIP LOCKED), never the same one. A server never re-claims its own job: a
     * stall past its lease must not start a second runner beside the first.
     */
    async claimIdle(owner: string, limit = 10): Promise<string[]> {
      const rows = await prisma.$queryRaw<{ id: string }[]>`
        UPDATE replay_jobs SET claimed_by = ${owner}, lease_until = now() + ${leaseMs} * interval '1 millisecond',
          possible_duplicates = possible_duplicates + in_flight, in_flight = 0, updated_at = now()
        WHERE id IN (
          SELECT id FROM replay_jobs
          WHERE state = 'running' AND (claimed_by IS NULL OR lease_until IS NULL OR lease_until < now())
            AND claimed_by IS DISTINCT FROM ${owner}
          ORDER BY created_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
        RETURNING id::text AS id`;
      return rows.map((r) => r.id);
    },
    /** Extends the lease: its new end, or null when this server no longer holds the job or it stopped running. */
    async renew(id: string, owner: string): Promise<Date | null> {
      const rows = await prisma.$queryRaw<{ lease_until: Date }[]>`
        UPDATE replay_jobs SET lease_until = now() + ${leaseMs} * interval '1 millisecond'
        WHERE id = ${id}::uuid AND claimed_by = ${owner} AND state = 'running'
        RETURNING lease_until`;
      return rows[0]?.lease_until ?? null;
    },
    /** Lets go of the running jobs this server holds, so another takes them at once (a clean stop). */
    async release(owner: string): Promise<void> {
      await prisma.$executeRaw`UPDATE replay_jobs SET claimed_by = NULL, lease_until = NULL WHERE claimed_by = ${owner} AND state = 'running'`;
    },
    /**
     * Before a batch is sent: how many records may reach the target twice if we die now.
     * False when the job is no longer this server's to run (paused, cancelled, taken over):
     * the batch must not be sent.
     */
    async markInFlight(id: string, owner: string, n: number): Promise<boolean> {
      const res = await prisma.replayJob.updateMany({ where: { id, claimedBy: owner, state: 'running' }, data: { inFlight: n } });
      return res.count === 1;
    },
    /**
     * After a batch is acknowledged (or skipped): counts and checkpoint together, and the
     * lease renewed. Allowed while paused or cancelled too (the batch was sent before the
     * runner saw it). Returns the renewed lease's end, or null when another server has
     * taken the job over.
     */
    async saveProgress(id: string, owner: string, counts: ReplayCounts, checkpoint: ReplayCheckpoint): Promise<Date | null> {
      const rows = await prisma.$queryRaw<{ lease_until: Date }[]>`
        UPDATE replay_jobs SET read_count = ${counts.read}, matched_count = ${counts.matched}, sent_count = ${counts.sent},
          failed_count = ${counts.failed}, skipped = ${JSON.stringify(counts.skipped)}::jsonb, checkpoint = ${JSON.stringify(checkpoint)}::jsonb,
          in_flight = 0, updated_at = now(), lease_until = now() + ${leaseMs} * interval '1 millisecond'
        WHERE id = ${id}::uuid AND claimed_by = ${owner}
        RETURNING lease_until`;
      return rows[0]?.lease_until ?? null;
    },
    /**
     * A state change, only from one of `from` (a cancel must not be overwritten by the runner
     * finishing its batch), and with `owner` only while that server holds the job. Returns
     * whether it applied.
     */
    async transition(
      id: string,
      from: ReplayState[],
      to: ReplayState,
      extra: { by?: string; error?: string | null; failed?: number; owner?: string } = {},
    ): Promise<boolean> {
      const finished = to === 'completed' || to === 'cancelled' || to === 'failed';
      const res = await prisma.replayJob.updateMany({
        where: { id, state: { in: from }, ...(extra.owner !== undefined ? { claimedBy: extra.owner } : {}) },
        data: {
          state: to,
          updatedAt: new Date(),
          ...(finished ? { finishedAt: new Date() } : { finishedAt: null }),
          ...(extra.by !== undefined ? { lastActionBy: extra.by } : {}),
          ...(extra.error !== undefined ? { error: extra.error } : {}),
          ...(extra.failed !== undefined ? { failedCount: extra.failed } : {}),
        },
      });
      return res.count === 1;
    },
    /**
     * Resume (from paused or failed): back to running and claimed by the resuming server in one statement, so no
     * other server can take it in between. A batch a former holder still had in flight
     * moves into possible_duplicates.
     */
    async resume(id: string, by: string, owner: string): Promise<boolean> {
      const n = await prisma.$executeRaw`
        UPDATE replay_jobs SET state = 'running', last_action_by = ${by}, error = NULL, finished_at = NULL, updated_at = now(),
          claimed_by = ${owner}, lease_until = now() + ${leaseMs} * interval '1 millisecond', possible_duplicates = possible_duplicates + in_flight, in_flight = 0
        WHERE id = ${id}::uuid AND state IN ('paused', 'failed')`;
      return n === 1;
    },
  };
}

export type JobStore = ReturnType<typeof createJobStore>;
