// Group commit for the collector: the batches of several partitions that arrive while a
// write is in flight (or in the same turn of the event loop) are stored together, in one
// transaction. A transaction's fixed costs — round trips, the commit's WAL flush, the
// statements' planning, one trace-summary upsert per correlation id instead of one per
// partition batch — are then paid once per write rather than once per partition batch.
//
// Exactly-once is unchanged: a write holds every batch's events, their trace summaries
// and every batch's new position, so it commits or fails whole. When it fails, every
// batch in it fails, and each partition is fetched again from its last resolved offset.
//
// A partition's batches are written in the order submitted, never two writes of one
// partition at once. A batch may name the partition's previous batch (`after`: the
// collector hands the next batch over before the previous one is committed); when that
// one fails, this one fails too without being written, as a write after a failed one
// would leave a gap.
import { EventlineError } from '../../lib/eventline-error';
import type { EncodedRows, EventStore, Position, WriteResult } from './event-store';
import type { EventRow } from './types';

export interface BatchResult extends WriteResult {
  /** Rows of this batch that were new (the others were already stored). */
  inserted: number;
}

/** A batch not written because a batch it came after failed. */
export class PrecedingWriteFailedError extends EventlineError {
  constructor(cause: unknown) {
    super(`Not written: an earlier batch of the same partition failed (${(cause as Error)?.message ?? String(cause)}); it is fetched again with that one.`, {
      code: 'collector_preceding_write_failed',
      retriable: true,
      cause,
    });
  }
}

interface Pending {
  /** Encoded when handed over: a batch waiting or being written holds no row objects with their payloads. */
  batch: EncodedRows;
  position: Position;
  state: 'waiting' | 'writing' | 'stored' | 'failed';
  error?: unknown;
  /** Batches submitted with `after` this one, still waiting. */
  next: Pending[];
  resolve: (r: BatchResult) => void;
  reject: (err: unknown) => void;
}

export interface WriteQueueOptions {
  /** Writes in flight at once: 1 on PGlite (one connection anyway). */
  concurrency: number;
  /** Rows per write at most; more waiting rows go in the next write. */
  maxRows: number;
}

const partitionOf = (p: Pending) => `${p.position.topic}/${p.position.partition}`;

export function createWriteQueue(store: Pick<EventStore, 'encode' | 'writeEncoded'>, opts: WriteQueueOptions) {
  const waiting: Pending[] = [];
  /** Partitions with a batch in a write in flight. */
  const busy = new Set<string>();
  const handles = new WeakMap<Promise<BatchResult>, Pending>();
  let inFlight = 0;
  let scheduled = false;

  /** Waiting batches up to maxRows (at least one), oldest first, none of a busy partition nor after a skipped one. */
  function take(): Pending[] {
    const out: Pending[] = [];
    const skipped = new Set<string>();
    let rows = 0;
    for (let i = 0; i < waiting.length; i++) {
      const p = waiting[i]!;
      const key = partitionOf(p);
      if (busy.has(key) || skipped.has(key)) {
        skipped.add(key);
        continue;
      }
      if (out.length > 0 && rows + p.batch.rows.length > opts.maxRows) break;
      rows += p.batch.rows.length;
      out.push(p);
      waiting.splice(i--, 1);
    }
    return out;
  }

  function fail(p: Pending, err: unknown) {
    p.state = 'failed';
    p.error = err;
    p.reject(err);
    for (const n of p.next) {
      if (n.state !== 'waiting') continue;
      waiting.splice(waiting.indexOf(n), 1);
      fail(n, new PrecedingWriteFailedError(err));
    }
  }

  async function writeSome(group: Pending[]) {
    inFlight++;
    for (const p of group) {
      p.state = 'writing';
      busy.add(partitionOf(p));
    }
    try {
      const result = await store.writeEncoded(
        group.map((p) => p.batch),
        group.map((p) => p.position),
      );
      for (const p of group) {
        p.state = 'stored';
        // Per batch, not per partition: a write may hold two batches of one partition.
        let inserted = p.batch.rows.length;
        if (result.alreadyStored.size > 0) for (const r of p.batch.rows) if (result.alreadyStored.has(r)) inserted--;
        const own = new Set<string>();
        for (const r of p.batch.rows) if (r.correlationId !== null) own.add(r.correlationId);
        p.resolve({ ...result, inserted, traces: result.traces.filter((t) => own.has(t)) });
      }
    } catch (err) {
      for (const p of group) fail(p, err);
    } finally {
      for (const p of group) busy.delete(partitionOf(p));
      inFlight--;
      pump();
    }
  }

  function pump() {
    while (inFlight < opts.concurrency && waiting.length > 0) {
      const group = take();
      if (group.length === 0) return; // every waiting batch waits for its partition's write in flight
      void writeSome(group);
    }
  }

  return {
    /**
     * Stores one partition's rows and moves its position, with whatever other batches are
     * waiting. Resolves once they are committed. `after`: the partition's previous batch
     * (a promise this returned); if it failed or fails, this one is not written.
     */
    submit(rows: EventRow[], position: Position, after?: Promise<BatchResult>): Promise<BatchResult> {
      let batch: EncodedRows;
      try {
        batch = store.encode(rows);
      } catch (err) {
        return Promise.reject(err);
      }
      let pending!: Pending;
      const promise = new Promise<BatchResult>((resolve, reject) => {
        pending = { batch, position, state: 'waiting', next: [], resolve, reject };
      });
      handles.set(promise, pending);
      const before = after ? handles.get(after) : undefined;
      if (before?.state === 'failed') {
        fail(pending, new PrecedingWriteFailedError(before.error));
        return promise;
      }
      if (before && before.state !== 'stored') before.next.push(pending);
      waiting.push(pending);
      // Wait for the end of this turn: the other partitions of the same fetch are being
      // handed over right now, and should ride in the same write.
      if (!scheduled) {
        scheduled = true;
        setImmediate(() => {
          scheduled = false;
          pump();
        });
      }
      return promise;
    },
    /** Batches waiting for a write. */
    get waiting() {
      return waiting.length;
    },
  };
}

export type WriteQueue = ReturnType<typeof createWriteQueue>;
