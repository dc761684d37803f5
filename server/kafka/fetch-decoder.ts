import type { FetchedMessage, FetchedPartition } from './kafkajs-internals';

/** Control record key: int16 version, int16 type (0 = abort, 1 = commit). */
const ABORT_MARKER = 0;

/** One entry of a Fetch answer at or after the asked offset; `record` is null for a marker or an aborted record. */
export interface FetchedEntry {
  offset: number;
  record: FetchedMessage | null;
}

/**
 * The one reading of a read_committed Fetch answer for one partition, shared by the
 * record peek (group-reader) and the message browser (record-reader). Gives every entry
 * at or after `from` in offset order, so callers can move past markers and aborted
 * records, with `record` set only for a readable one.
 *
 * Aborted records are told apart the way Kafka's own consumer does (Fetcher's
 * abortedProducerIds): the answer lists, per aborted transaction, its producer id and
 * first offset. From that offset on, that producer's transactional records are aborted
 * until the producer's ABORT marker, which ends the transaction; records the same
 * producer writes after the marker belong to a later transaction and are readable
 * unless the answer lists that one too (with its own, later, first offset).
 */
export function fetchedEntries(p: FetchedPartition, from: number): FetchedEntry[] {
  const out: FetchedEntry[] = [];
  visitFetchedEntries(p, from, (offset, record) => void out.push({ offset, record }));
  return out;
}

/**
 * fetchedEntries as calls, for a reader of hundreds of thousands of records (a replay):
 * no object per entry. `visit` returns false to stop.
 */
export function visitFetchedEntries(p: FetchedPartition, from: number, visit: (offset: number, record: FetchedMessage | null) => boolean | void): void {
  const pending = p.abortedTransactions
    .map((t) => ({ producerId: t.producerId, firstOffset: Number(t.firstOffset) }))
    .sort((a, b) => a.firstOffset - b.firstOffset);
  const aborting = new Set<string>();
  for (const m of p.messages) {
    const offset = Number(m.offset);
    // Earlier entries still count: a transaction that opened below `from` aborts records past it.
    while (pending.length && pending[0]!.firstOffset <= offset) aborting.add(pending.shift()!.producerId);
    const producerId = m.batchContext?.producerId;
    if (m.isControlRecord) {
      if (producerId !== undefined && isAbortMarker(m)) aborting.delete(producerId);
      if (offset >= from && visit(offset, null) === false) return;
      continue;
    }
    if (offset < from) continue;
    const aborted = Boolean(m.batchContext?.inTransaction) && producerId !== undefined && aborting.has(producerId);
    if (visit(offset, aborted ? null : m) === false) return;
  }
}

function isAbortMarker(m: FetchedMessage): boolean {
  return Boolean(m.key && m.key.length >= 4 && m.key.readInt16BE(2) === ABORT_MARKER);
}
