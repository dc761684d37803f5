import { randomUUID } from 'node:crypto';
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
import type { Logger } from '../log/logger';
import type { PrismaClient } from '../store';
import { dryRun } from './dry-run';
import { groupDeadLetters } from './dead-letter-groups';
import { createJobStore, toView, type StoredJob } from './job-store';
import { runJob, type RunControl } from './job-runner';
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
}

/**
 * Replay and dead-letter redrive: durable jobs that read a selection of records (Fetch
 * straight to the leaders, no consumer group), filter them, and send them with one
 * idempotent producer, paced, checkpointed after every acknowledged batch, and resumed
 * after a restart. `events` emits 'progress' with a ReplayJobView.
 */
export function createReplayService(deps: ReplayServiceDeps) {
  const { kafka, log } = deps;
  const store = createJobStore(deps.prisma);
  const reader = kafka.recordReader();
  const writer = kafka.recordWriter();
  const events = new EventEmitter();
  const running = new Map<string, { control: RunControl; done: Promise<void> }>();
  const live = new Map<string, { rate: number; progressRate: number }>();
  const lastPush = new Map<string, number>();
  let closed = false;

  const emit = (job: StoredJob, force = false) => {
    const now = Date.now();
    if (!force && job.state === 'running' && now - (lastPush.get(job.id) ?? 0) < PROGRESS_EVERY_MS) return;
    lastPush.set(job.id, now);
    events.emit('progress', toView(job, live.get(job.id) ?? { rate: 0, progressRate: 0 }));
  };

  function launch(job: StoredJob) {
    const control: RunControl = { stopRequested: false };
    const done = runJob(job, control, {
      store,
      reader,
      writer,
      log,
      onProgress: (j, rates) => {
        live.set(j.id, rates);
        emit(j, FINISHED_STATES.includes(j.state));
      },
    })
      .catch(async (err) => {
        if (closed) return;
        const message = (err as Error).message;
        log.warn('replay job stopped on an error', { job: job.id, error: message });
        await store.transition(job.id, ['running'], 'failed', { error: message }).catch(() => undefined);
        const failed = await store.get(job.id).catch(() => null);
        if (failed) emit(failed, true);
      })
      .finally(() => {
        running.delete(job.id);
        live.delete(job.id);
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
    const job = await store.create({
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
    });
    launch(job);
    emit(job, true);
    return toView(job, { rate: 0, progressRate: 0 });
  }

  async function change(id: string, action: string, from: ReplayState[], to: ReplayState, by: string): Promise<ReplayJobView> {
    const job = await mustGet(id);
    if (!from.includes(job.state)) throw new ReplayStateError(action, job.state);
    if (!(await store.transition(id, from, to, { by, ...(to === 'running' ? { error: null } : {}) }))) {
      throw new ReplayStateError(action, (await mustGet(id)).state);
    }
    // Pause and cancel wait for the runner's batch; resume waits for a paused runner still finishing one.
    await halt(id);
    const now = await mustGet(id);
    if (to === 'running') launch(now);
    emit(now, true);
    return toView(now, live.get(id) ?? { rate: 0, progressRate: 0 });
  }

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
    /** Jobs left running by the last process (a crash, kill -9) carry on from their checkpoints. */
    async start() {
      for (const job of await store.inState('running')) {
        await store.adoptInFlight(job.id);
        const fresh = (await store.get(job.id))!;
        log.info('resuming replay job from its checkpoint', { job: job.id, possibleDuplicates: fresh.possibleDuplicates });
        launch(fresh);
      }
    },
    /** A dead-letter topic's records grouped by origin, failing group and error. */
    deadLetters: (topic: string) => groupDeadLetters(reader, topic),
    /** Waits until a job's runner has stopped (tests, shutdown). */
    async settled(id: string) {
      await running.get(id)?.done;
    },
    async close() {
      closed = true;
      // Runners stop after their batch; their jobs stay `running` and resume on the next start.
      await Promise.all([...running.keys()].map(halt));
      await Promise.all([reader.close(), writer.close()]);
    },
  };
}

export type ReplayService = ReturnType<typeof createReplayService>;
