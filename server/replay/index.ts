import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { EventEmitter } from 'node:events';
import {
  CONFIRM_ABOVE,
  confirmationName,
  FINISHED_STATES,
  type ParsedReplayRequest,
  type ReplayJobView,
  type ReplayPreview,
  type ReplayState,
} from '../../lib/replay-types';
import type { SchemaDecoder } from '../catalog';
import type { KafkaService } from '../kafka';
import type { AuditLog } from '../auth';
import type { Logger } from '../log/logger';
import type { PrismaClient } from '../store';
import { dryRun } from './dry-run';
import { groupDeadLetters } from './dead-letter-groups';
import { createJobStore, toView, type StoredJob } from './job-store';
import { runJob, type RunControl, type RunnerDeps } from './job-runner';
import { initialCheckpoint, planSelection, planTotal } from './read-source';
import { compileFilter } from './record-filter';
import { EmptyReplayError, ReplayConfirmationRequiredError, ReplayJobNotFoundError, ReplayStateError } from './replay-errors';

export * from './replay-errors';

/** Progress pushes per job at most this often (the last one of a run is always sent). */
const PROGRESS_EVERY_MS = 250;

export interface ReplayServiceDeps {
  prisma: PrismaClient;
  kafka: KafkaService;
  log: Logger;
  /** Shows a dry run's registry-encoded sample decoded (null: as the bytes are). */
  schemaDecoder?: SchemaDecoder | null;
  /** How long a server's claim on a running job lasts unless renewed (EVENTLINE_LEASE_MS). */
  leaseMs?: number;
  /** This server's name in claimed_by; unique per process by default. */
  owner?: string;
  /** Where what a job does on its own is recorded (source records found gone); none in some tests. */
  audit?: Pick<AuditLog, 'record'>;
}

const DEFAULT_LEASE_MS = 10_000;

/**
 * Replay and dead-letter redrive: durable jobs that read a selection of records (Fetch
 * straight to the leaders, no consumer group), filter them, and send them with one
 * idempotent producer, paced, checkpointed after every acknowledged batch, and resumed
 * after a restart. `events` emits 'progress' with a ReplayJobView.
 *
 * With several servers on one database, each running job is run by exactly one of them:
 * the one holding its lease (job-store.ts). A server renews the leases of its jobs every
 * third of the lease, and looks for jobs nobody holds (a clean stop lets go at once, a
 * dead or stalled server's lease runs out) as often; it takes them over from their
 * checkpoints.
 */
export function createReplayService(deps: ReplayServiceDeps) {
  const { kafka, log } = deps;
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const owner = deps.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const store = createJobStore(deps.prisma, leaseMs);
  const reader = kafka.recordReader();
  const writer = kafka.recordWriter();
  const events = new EventEmitter();
  const running = new Map<string, { control: RunControl; done: Promise<void> }>();
  const live = new Map<string, { rate: number; progressRate: number }>();
  const lastPush = new Map<string, number>();
  let closed = false;

  /**
   * The last state pushed per running job, and its lease as last renewed: a renewal between
   * batches (a paced wait, a slow send) is pushed too, so the job view never shows a lease
   * this server is still keeping as run out.
   */
  const lastJob = new Map<string, StoredJob>();
  const leases = new Map<string, Date>();
  const withLease = (job: StoredJob): StoredJob => {
    const renewed = leases.get(job.id);
    return job.state === 'running' && renewed && (!job.leaseUntil || renewed > job.leaseUntil) ? { ...job, leaseUntil: renewed } : job;
  };
  const emit = (job: StoredJob, force = false) => {
    const now = Date.now();
    if (job.state === 'running') lastJob.set(job.id, job);
    else lastJob.delete(job.id);
    if (!force && job.state === 'running' && now - (lastPush.get(job.id) ?? 0) < PROGRESS_EVERY_MS) return;
    lastPush.set(job.id, now);
    events.emit('progress', toView(withLease(job), live.get(job.id) ?? { rate: 0, progressRate: 0 }));
  };

  /**
   * Source records a job found gone (retention deleted them before it read them): in the
   * server log and the audit log, with how many and where. The job goes on; its counts say
   * `source-gone`. An audit that cannot be written is logged, not fatal: the counts hold it.
   */
  const onSourceGone: NonNullable<RunnerDeps['onSourceGone']> = async (job, gone) => {
    const where = gone.range ? { topic: gone.range.topic, partition: gone.range.partition, fromOffset: gone.range.from, toOffset: gone.range.to } : { picked: true };
    log.warn('replay source records were gone before they were read (retention); skipped', { job: job.id, count: gone.count, ...where });
    await deps.audit
      ?.record({ actor: 'eventline', action: 'replay.source-gone', target: job.id, outcome: 'success', detail: { count: gone.count, ...where, totalGone: job.counts.skipped['source-gone'] ?? 0 } })
      .catch((err: unknown) => log.warn('could not audit gone replay source records', { job: job.id, error: (err as Error).message }));
  };

  function launch(job: StoredJob) {
    if (running.has(job.id)) return;
    const control: RunControl = { stopRequested: false };
    // Renewed apart from the batches too: a paced wait or a slow send may outlast a lease.
    const renewal = setInterval(() => {
      store.renew(job.id, owner).then(
        (until) => {
          if (!until) {
            control.stopRequested = true; // paused, cancelled or taken over elsewhere
            return;
          }
          leases.set(job.id, until);
          const last = lastJob.get(job.id);
          if (last) emit(last, true);
        },
        (err: unknown) => log.warn('could not renew a replay job lease', { job: job.id, error: (err as Error).message }),
      );
    }, leaseMs / 3);
    const done = runJob(job, control, {
      store,
      owner,
      reader,
      writer,
      log,
      onSourceGone,
      onProgress: (j, rates) => {
        live.set(j.id, rates);
        emit(j, FINISHED_STATES.includes(j.state));
      },
    })
      .catch(async (err) => {
        if (closed) return;
        const message = (err as Error).message;
        log.warn('replay job stopped on an error', { job: job.id, error: message });
        await store.transition(job.id, ['running'], 'failed', { error: message, owner }).catch(() => undefined);
        const failed = await store.get(job.id).catch(() => null);
        if (failed) emit(failed, true);
      })
      .finally(() => {
        clearInterval(renewal);
        running.delete(job.id);
        live.delete(job.id);
        leases.delete(job.id);
        lastJob.delete(job.id);
      });
    running.set(job.id, { control, done });
  }

  /** Stops a job's runner after its current batch and waits for it. */
  async function halt(id: string) {
    const r = running.get(id);
    if (!r) return;
    r.control.stopRequested = true;
    await r.done;
  }

  async function mustGet(id: string): Promise<StoredJob> {
    const job = /^[0-9a-f-]{36}$/i.test(id) ? await store.get(id) : null;
    if (!job) throw new ReplayJobNotFoundError(id);
    return job;
  }

  async function plan(req: ParsedReplayRequest) {
    compileFilter(req.selection.filters); // a bad CEL predicate is refused before anything is read
    // Metadata only: a topic created a moment ago has no leader answering offsets yet, but it exists.
    if (req.target.kind === 'topic') await writer.partitions(req.target.topic); // TopicNotFoundError when absent
    const p = await planSelection(reader, req.selection);
    return { plan: p, total: planTotal(p) };
  }

  async function preview(req: ParsedReplayRequest): Promise<ReplayPreview> {
    const { plan: p, total } = await plan(req);
    const result = await dryRun(reader, p, req, undefined, deps.schemaDecoder ?? null);
    return {
      total,
      ...result,
      confirmationName: confirmationName(req),
      confirmationNeeded: result.counts.matched > CONFIRM_ABOVE || result.partial,
    };
  }

  async function create(req: ParsedReplayRequest, actor: string): Promise<ReplayJobView> {
    const { plan: p, total } = await plan(req);
    if (total === 0) throw new EmptyReplayError('the selection holds no records');
    const name = confirmationName(req);
    // Small selections need no typed confirmation; a large one does unless a dry run shows it matches few.
    if (total > CONFIRM_ABOVE && req.confirmTarget !== name) {
      const counted = await dryRun(reader, p, req);
      if (counted.partial || counted.counts.matched > CONFIRM_ABOVE) throw new ReplayConfirmationRequiredError(counted.counts.matched, name);
    }
    const job = await store.create(
      {
      id: randomUUID(),
      state: 'running',
      selection: req.selection,
      target: req.target,
      options: req.options,
      plan: p,
      checkpoint: initialCheckpoint(p),
      total,
      counts: { read: 0, matched: 0, sent: 0, failed: 0, skipped: {} },
        createdBy: actor,
        startedAt: new Date(),
      },
      owner,
    );
    await store.renew(job.id, owner);
    launch(job);
    emit(job, true);
    return toView(job, { rate: 0, progressRate: 0 });
  }

  /**
   * Pause, resume or cancel, from any server. This server's runner of the job stops after
   * its batch, and is waited for; another server's runner sees the change at its next
   * batch (it may not send another). Resuming claims the job for this server.
   */
  async function change(id: string, action: string, from: ReplayState[], to: ReplayState, by: string): Promise<ReplayJobView> {
    const job = await mustGet(id);
    if (!from.includes(job.state)) throw new ReplayStateError(action, job.state);
    const applied = to === 'running' ? await store.resume(id, by, owner) : await store.transition(id, from, to, { by });
    if (!applied) throw new ReplayStateError(action, (await mustGet(id)).state);
    // Pause and cancel wait for the runner's batch; resume waits for a paused runner still finishing one.
    await halt(id);
    const now = await mustGet(id);
    if (to === 'running') launch(now);
    emit(now, true);
    return toView(now, live.get(id) ?? { rate: 0, progressRate: 0 });
  }

  /** Takes over running jobs that no server holds; one look at a time. */
  let claiming: Promise<void> | null = null;
  function claimIdle(): Promise<void> {
    claiming ??= (async () => {
      try {
        for (const id of await store.claimIdle(owner)) {
          const job = await store.get(id);
          if (!job || closed) continue;
          log.info('running a replay job from its checkpoint', { job: id, possibleDuplicates: job.possibleDuplicates });
          launch(job);
        }
      } catch (err) {
        log.warn('could not look for replay jobs to take over', { error: (err as Error).message });
      } finally {
        claiming = null;
      }
    })();
    return claiming;
  }
  let claimTimer: NodeJS.Timeout | null = null;

  return {
    events,
    preview,
    create,
    async list(): Promise<ReplayJobView[]> {
      return (await store.list()).map((j) => toView(j, live.get(j.id) ?? { rate: 0, progressRate: 0 }));
    },
    async get(id: string): Promise<ReplayJobView> {
      const j = await mustGet(id);
      return toView(j, live.get(j.id) ?? { rate: 0, progressRate: 0 });
    },
    pause: (id: string, by: string) => change(id, 'paused', ['running'], 'paused', by),
    resume: (id: string, by: string) => change(id, 'resumed', ['paused', 'failed'], 'running', by),
    cancel: (id: string, by: string) => change(id, 'cancelled', ['running', 'paused', 'failed'], 'cancelled', by),
    /**
     * Takes over running jobs nobody holds (left by a clean stop at once, by a crash or
     * kill -9 once the lease runs out), now and every third of the lease.
     */
    async start() {
      await claimIdle();
      claimTimer ??= setInterval(() => void claimIdle(), leaseMs / 3);
    },
    /** Ids of the jobs this server is running now. */
    runningHere: (): string[] => [...running.keys()],
    /** A dead-letter topic's records grouped by origin, failing group and error. */
    deadLetters: (topic: string) => groupDeadLetters(reader, topic),
    /** Waits until a job's runner has stopped (tests, shutdown). */
    async settled(id: string) {
      await running.get(id)?.done;
    },
    async close() {
      closed = true;
      if (claimTimer) clearInterval(claimTimer);
      await claiming;
      // Runners stop after their batch; their jobs stay `running`, let go, for another server or the next start.
      await Promise.all([...running.keys()].map(halt));
      await store.release(owner).catch((err: unknown) => log.warn('could not let go of replay jobs', { error: (err as Error).message }));
      await Promise.all([reader.close(), writer.close()]);
    },
  };
}

export type ReplayService = ReturnType<typeof createReplayService>;
