// Group commit for the collector: the batches of several partitions that arrive while a
// write is in flight (or in the same turn of the event loop) are stored together, in one
// transaction. A transaction's fixed costs — round trips, the commit's WAL flush, the
// statement's planning, one trace-summary upsert per correlation id instead of one per
// partition batch — are then paid once per write rather than once per partition batch.
//
// Exactly-once is unchanged: a write holds every batch's events, their trace summaries
// and every batch's new position, so it commits or fails whole. When it fails, every
// batch in it fails, and each partition is fetched again from its last resolved offset.
import type { EventStore, Position, WriteResult } from './event-store';
import type { EventRow } from './types';

export interface BatchResult extends WriteResult {
  /** Rows of this batch that were new (the others were already stored). */
  inserted: number;
}

interface Pending {
  rows: EventRow[];
  position: Position;
  resolve: (r: BatchResult) => void;
  reject: (err: unknown) => void;
}

export interface WriteQueueOptions {
  /** Writes in flight at once: 1 on PGlite (one connection anyway). */
  concurrency: number;
  /** Rows per write at most; more waiting rows go in the next write. */
  maxRows: number;
}

export function createWriteQueue(store: Pick<EventStore, 'write'>, opts: WriteQueueOptions) {
  const waiting: Pending[] = [];
  let inFlight = 0;
  let scheduled = false;

  /** Takes waiting batches up to maxRows (at least one), oldest first. */
  function take(): Pending[] {
    const out: Pending[] = [];
    let rows = 0;
    while (waiting.length > 0 && (out.length === 0 || rows + waiting[0]!.rows.length <= opts.maxRows)) {
      const p = waiting.shift()!;
      rows += p.rows.length;
      out.push(p);
    }
    return out;
  }

  async function writeSome(group: Pending[]) {
    inFlight++;
    try {
      const result = await store.write(
        group.flatMap((p) => p.rows),
        group.map((p) => p.position),
      );
      for (const p of group) {
        const inserted = result.insertedBy.get(`${p.position.topic}/${p.position.partition}`) ?? 0;
        const own = new Set<string>();
        for (const r of p.rows) if (r.correlationId !== null) own.add(r.correlationId);
        p.resolve({ ...result, inserted, traces: result.traces.filter((t) => own.has(t)) });
      }
    } catch (err) {
      for (const p of group) p.reject(err);
    } finally {
      inFlight--;
      pump();
    }
  }

  function pump() {
    while (inFlight < opts.concurrency && waiting.length > 0) void writeSome(take());
  }

  return {
    /**
     * Stores one partition's rows and moves its position, with whatever other batches are
     * waiting. Resolves once they are committed.
     */
    submit(rows: EventRow[], position: Position): Promise<BatchResult> {
      return new Promise((resolve, reject) => {
        waiting.push({ rows, position, resolve, reject });
        // Wait for the end of this turn: the other partitions of the same fetch are being
        // handed over right now, and should ride in the same write.
        if (!scheduled) {
          scheduled = true;
          setImmediate(() => {
            scheduled = false;
            pump();
          });
        }
      });
    },
    /** Batches waiting for a write. */
    get waiting() {
      return waiting.length;
    },
  };
}

export type WriteQueue = ReturnType<typeof createWriteQueue>;
