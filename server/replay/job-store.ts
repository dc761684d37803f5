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
  };
}

const json = (v: unknown) => v as object;

/** The replay_jobs table. Counts and checkpoint always move together. */
export function createJobStore(prisma: PrismaClient) {
  return {
    async create(j: Omit<StoredJob, 'createdAt' | 'updatedAt' | 'finishedAt' | 'lastActionBy' | 'error' | 'inFlight' | 'possibleDuplicates'>): Promise<StoredJob> {
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
    async inState(state: ReplayState): Promise<StoredJob[]> {
      return (await prisma.replayJob.findMany({ where: { state }, orderBy: { createdAt: 'asc' } })).map(fromRow);
    },
    /** Before a batch is sent: how many records may reach the target twice if we die now. */
    async markInFlight(id: string, n: number) {
      await prisma.replayJob.update({ where: { id }, data: { inFlight: n } });
    },
    /** After a batch is acknowledged (or skipped): counts and checkpoint together. */
    async saveProgress(id: string, counts: ReplayCounts, checkpoint: ReplayCheckpoint) {
      await prisma.replayJob.update({
        where: { id },
        data: {
          readCount: counts.read,
          matchedCount: counts.matched,
          sentCount: counts.sent,
          failedCount: counts.failed,
          skipped: json(counts.skipped),
          checkpoint: json(checkpoint),
          inFlight: 0,
          updatedAt: new Date(),
        },
      });
    },
    /**
     * A state change, only from one of `from` (a cancel must not be overwritten by the runner
     * finishing its batch). Returns whether it applied.
     */
    async transition(id: string, from: ReplayState[], to: ReplayState, extra: { by?: string; error?: string | null; failed?: number } = {}): Promise<boolean> {
      const finished = to === 'completed' || to === 'cancelled' || to === 'failed';
      const res = await prisma.replayJob.updateMany({
        where: { id, state: { in: from } },
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
    /** On start after an unclean stop: the batch that was in flight may have been written. */
    async adoptInFlight(id: string) {
      const job = await prisma.replayJob.findUnique({ where: { id } });
      if (!job || job.inFlight === 0) return;
      await prisma.replayJob.update({ where: { id }, data: { possibleDuplicates: job.possibleDuplicates + job.inFlight, inFlight: 0 } });
    },
  };
}

export type JobStore = ReturnType<typeof createJobStore>;
