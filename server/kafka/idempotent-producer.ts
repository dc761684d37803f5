// kafkajs's error table (codes → type, message, retriable), read by code so that a refused
// Produce becomes the same KafkaJSProtocolError that translateKafkaError knows.
import protocolErrors from 'kafkajs/src/protocol/error.js';
import { backoffMs } from '../../lib/backoff';
import type { InternalBroker } from './kafkajs-internals';
import { createRequestBufferPool } from './request-buffer-pool';
import { rawRequest } from './kafkajs-internals';
import { decodeProduceResponse, encodeProduceRequest, planRecordBatch, PRODUCE_VERSION, rewriteBatchIdentity, writeRecordBatch, type BatchRecord, type PlannedBatch, type ProducePartitionResult, type RequestBatch } from './produce-request';

/** Bytes of one partition's batch at most: the broker refuses one over message.max.bytes (1 MB by default). */
export const MAX_BATCH_BYTES = 900 * 1024;
/** Per-record overhead in a v2 batch, roughly (lengths, attributes, deltas). */
const RECORD_OVERHEAD = 24;
/** Bytes of one Produce request at most (several partitions' batches). */
const MAX_REQUEST_BYTES = 16 * 1024 * 1024;
/** How long the broker may wait for the in-sync replicas before it answers. */
const PRODUCE_TIMEOUT_MS = 30_000;
/** How long we wait for that answer: the broker's wait and some. */
const REQUEST_TIMEOUT_MS = PRODUCE_TIMEOUT_MS + 5_000;
/** Batches of one partition in flight at most: the most for which Kafka keeps an idempotent producer's order. */
const MAX_IN_FLIGHT = 5;
/** Tries per batch; a leader election takes a few seconds, the back-off covers about six. */
const ATTEMPTS = 6;
const BACKOFF_MS = 200;
const MAX_BACKOFF_MS = 3_200;

/** Written already: an older broker answers a re-sent batch with this instead of its first answer. */
const DUPLICATE_SEQUENCE_NUMBER = 46;
/** The broker lost or fenced our producer state: the batch was refused; a new producer id sends it. */
const PRODUCER_STATE_ERRORS = new Set([45 /* OUT_OF_ORDER_SEQUENCE_NUMBER */, 47 /* INVALID_PRODUCER_EPOCH */, 59 /* UNKNOWN_PRODUCER_ID */]);
/** Kafka calls CORRUPT_MESSAGE retriable; our own bytes would be refused again. */
const CORRUPT_MESSAGE = 2;

export function batchRecordSize(r: BatchRecord): number {
  let n = RECORD_OVERHEAD + (r.key?.length ?? 0) + (r.value?.length ?? 0);
  for (const h of r.headers) n += h.key.length + (h.value?.length ?? 0) + 4;
  return n;
}

/** Kafka's own sequence arithmetic: a producer's sequence wraps to 0 after 2^31 - 1. */
export function nextSequence(sequence: number, count: number): number {
  return sequence > 0x7fffffff - count ? count - (0x7fffffff - sequence) - 1 : sequence + count;
}

/** Cuts one partition's records into batches under MAX_BATCH_BYTES, in order (a bigger record goes alone). */
export const cutBatches = <T extends BatchRecord>(records: T[], maxBytes = MAX_BATCH_BYTES): T[][] => byBytes(records, batchRecordSize, maxBytes);

interface Identity {
  producerId: bigint;
  epoch: number;
  /** The sequence the next new batch of each `topic\0partition` gets. */
  next: Map<string, number>;
}

/**
 * One batch of a partition, its tries, and its bytes once encoded for a producer id (a view
 * of the request that carried it). Once encoded, its records are let go: the bytes are all
 * a re-send needs, and thousands of records held until the broker answers were most of
 * the garbage collector's copying.
 */
interface Pending {
  topic: string;
  partition: number;
  tp: string;
  /** Records in the batch. */
  count: number;
  records: BatchRecord[] | null;
  attempts: number;
  plan: PlannedBatch | null;
  encoded: { batch: Buffer; identity: Identity } | null;
}

type Outcome = { ok: true } | { ok: false; error: unknown; retriable: boolean; producerState: boolean };

export interface IdempotentProducerDeps {
  /** Any connected broker (InitProducerId goes to any one when there is no transaction). */
  anyBroker: () => Promise<InternalBroker>;
  /** The partition's leader now; `stale` asks for fresh metadata first. */
  leaderOf: (topic: string, partition: number, stale: boolean) => Promise<InternalBroker>;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * An idempotent producer written on kafkajs's broker connections: it keeps the producer id,
 * epoch and sequences itself and encodes each batch in one pass (produce-request.ts).
 * What Kafka's own idempotent producer guarantees, it keeps:
 * * up to MAX_IN_FLIGHT batches of a partition in flight, in sequence order on one
 *   connection, which the broker handles in order: a partition is written in order;
 * * when a batch fails, it and every later batch of its partition are sent again as the
 *   same bytes (producer id, epoch, sequence); the broker writes each once, answering a
 *   batch it already has with that batch's first answer;
 * * one request per leader carries one batch of each partition it leads.
 * Sends are taken one at a time (several jobs share the producer).
 */
export function createIdempotentProducer(deps: IdempotentProducerDeps) {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let identity: Promise<Identity> | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  const buffers = createRequestBufferPool();

  function currentIdentity(): Promise<Identity> {
    if (!identity) {
      const opening = deps
        .anyBroker()
        .then((b) => b.initProducerId({ transactionTimeout: PRODUCE_TIMEOUT_MS }))
        .then((r): Identity => ({ producerId: BigInt(r.producerId), epoch: r.producerEpoch, next: new Map() }));
      identity = opening;
      opening.catch(() => {
        if (identity === opening) identity = null;
      });
    }
    return identity;
  }

  /** Drops the producer id: the next batch starts a new one at sequence 0 on every partition. */
  function reset(stale: Identity) {
    void identity?.then((current) => {
      if (current === stale) identity = null;
    });
  }

  const planOf = (p: Pending) => (p.plan ??= planRecordBatch(p.records!));
  const sizeOf = (p: Pending) => p.encoded?.batch.length ?? planOf(p).bytes;

  /**
   * The batch as it goes into a request: a re-sent batch is the same bytes, unless the
   * producer id changed under it (then its bytes with the new identity); a new one is
   * written straight into the request. Either takes the partition's next sequence then
   * (requests are encoded in the order they are sent).
   */
  function encoded(p: Pending, id: Identity): RequestBatch {
    if (p.encoded?.identity === id) return p.encoded.batch;
    return {
      bytes: sizeOf(p),
      write: (buf: Buffer, at: number) => {
        const baseSequence = id.next.get(p.tp) ?? 0;
        id.next.set(p.tp, nextSequence(baseSequence, p.count));
        const identity = { producerId: id.producerId, producerEpoch: id.epoch, baseSequence };
        const batch = p.encoded ? rewriteBatchIdentity(p.encoded.batch, identity, buf, at) : writeRecordBatch(planOf(p), identity, buf, at);
        p.encoded = { batch, identity: id };
        p.records = null;
        p.plan = null;
        return batch;
      },
    };
  }

  /** One Produce request to one broker; the outcome of each batch in it. Its buffer goes to `answered` once the broker answered. */
  async function request(broker: InternalBroker, batches: Pending[], id: Identity, answered: Buffer[]): Promise<Map<Pending, Outcome>> {
    const outcomes = new Map<Pending, Outcome>();
    let answer: ProducePartitionResult[];
    let backing: Buffer | null = null;
    try {
      answer = await rawRequest(broker, {
        apiKey: 0,
        apiVersion: PRODUCE_VERSION,
        apiName: 'Produce',
        body: encodeProduceRequest(
          batches.map((p) => ({ topic: p.topic, partition: p.partition, batch: encoded(p, id) })),
          PRODUCE_TIMEOUT_MS,
          (size) => (backing = buffers.take(size)),
        ),
        requestTimeout: REQUEST_TIMEOUT_MS,
        decode: decodeProduceResponse,
      });
      if (backing) answered.push(backing);
    } catch (error) {
      const retriable = Boolean((error as { retriable?: boolean }).retriable);
      for (const p of batches) outcomes.set(p, { ok: false, error, retriable, producerState: false });
      return outcomes;
    }
    for (const p of batches) {
      const code = answer.find((a) => a.topic === p.topic && a.partition === p.partition)?.errorCode ?? -1;
      if (code === 0 || code === DUPLICATE_SEQUENCE_NUMBER) {
        outcomes.set(p, { ok: true });
        continue;
      }
      const error = protocolErrors.createErrorFromCode(code);
      const producerState = PRODUCER_STATE_ERRORS.has(code);
      outcomes.set(p, { ok: false, error, retriable: producerState || (error.retriable && code !== CORRUPT_MESSAGE), producerState });
    }
    return outcomes;
  }

  /**
   * Sends up to MAX_IN_FLIGHT batches of each queue to its leader, pipelined: wave j holds
   * the j-th batch of every queue, and the waves go out in order without waiting for answers.
   */
  async function window(broker: InternalBroker, queues: Pending[][], id: Identity, answered: Buffer[]): Promise<Map<Pending, Outcome>> {
    const answers: Promise<Map<Pending, Outcome>>[] = [];
    for (let j = 0; j < MAX_IN_FLIGHT; j++) {
      const wave = queues.filter((q) => q.length > j).map((q) => q[j]!);
      for (const batches of byBytes(wave, sizeOf, MAX_REQUEST_BYTES)) {
        answers.push(request(broker, batches, id, answered));
        // Lets this request reach the connection's queue before the next is encoded: the order
        // on the wire is the order here, and encoding the next overlaps sending this one.
        await new Promise<void>((r) => setImmediate(r));
      }
    }
    const all = new Map<Pending, Outcome>();
    for (const outcomes of await Promise.all(answers)) for (const [p, o] of outcomes) all.set(p, o);
    return all;
  }

  async function sendNow(lanes: { topic: string; partition: number; records: BatchRecord[] }[]): Promise<void> {
    const queues = new Map<string, Pending[]>();
    for (const l of lanes) {
      const tp = `${l.topic}\u0000${l.partition}`;
      const q = queues.get(tp) ?? [];
      for (const records of cutBatches(l.records)) q.push({ topic: l.topic, partition: l.partition, tp, count: records.length, records, attempts: 0, plan: null, encoded: null });
      if (q.length) queues.set(tp, q);
    }
    let stale = false;
    let id: Identity | null = null;
    /** Request buffers the broker answered: used again once this send is done (every batch in them is acknowledged). */
    const answered: Buffer[] = [];
    let identityTries = 0;
    try {
      while (queues.size > 0) {
        try {
          id = await currentIdentity();
        } catch (err) {
          // A new broker hands out producer ids only once its id block is loaded (COORDINATOR_LOAD_IN_PROGRESS).
          identityTries += 1;
          if (!(err as { retriable?: boolean }).retriable || identityTries >= ATTEMPTS) throw err;
          await sleep(backoffMs(identityTries, BACKOFF_MS, MAX_BACKOFF_MS));
          continue;
        }
        const byBroker = new Map<InternalBroker, Pending[][]>();
        const outcomes = new Map<Pending, Outcome>();
        for (const q of queues.values()) {
          try {
            const broker = await deps.leaderOf(q[0]!.topic, q[0]!.partition, stale);
            byBroker.set(broker, [...(byBroker.get(broker) ?? []), q]);
          } catch (error) {
            outcomes.set(q[0]!, { ok: false, error, retriable: Boolean((error as { retriable?: boolean }).retriable), producerState: false });
          }
        }
        stale = false;
        for (const m of await Promise.all([...byBroker].map(([broker, qs]) => window(broker, qs, id!, answered)))) for (const [p, o] of m) outcomes.set(p, o);
        let retryIn = 0;
        for (const [tp, q] of queues) {
          // The acknowledged front of the queue is done; from the first failure on, all is sent again.
          while (q.length && outcomes.get(q[0]!)?.ok) q.shift();
          if (q.length === 0) {
            queues.delete(tp);
            continue;
          }
          const first = q[0]!;
          const o = outcomes.get(first);
          if (!o || o.ok) continue; // not sent this round (beyond the window)
          first.attempts += 1;
          // Out of order on the first unacknowledged batch: the broker lost our state. Later batches fail so behind a failed one.
          if (o.producerState) reset(id);
          else stale = true;
          if (!o.retriable || first.attempts >= ATTEMPTS) throw o.error;
          retryIn = Math.max(retryIn, backoffMs(first.attempts, BACKOFF_MS, MAX_BACKOFF_MS));
        }
        if (retryIn > 0) await sleep(retryIn);
      }
      buffers.give(answered);
    } catch (err) {
      // Whether the batches in flight were written is unknown, and sequences were handed out past them:
      // a new producer id keeps the next send from being refused as out of order.
      if (id) reset(id);
      throw err;
    }
  }

  return {
    /**
     * Sends each partition's records in order, in batches under MAX_BATCH_BYTES, after any
     * send already under way; resolves once every batch is acknowledged.
     */
    send(lanes: { topic: string; partition: number; records: BatchRecord[] }[]): Promise<void> {
      const run = queue.then(() => sendNow(lanes));
      queue = run.catch(() => undefined);
      return run;
    },
  };
}

/** Splits items into groups whose sizes add up to at most `max` (an item bigger than that alone). */
function byBytes<T>(items: T[], size: (t: T) => number, max: number): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const t of items) {
    const n = size(t);
    if (current.length && bytes + n > max) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(t);
    bytes += n;
  }
  if (current.length) out.push(current);
  return out;
}

export type IdempotentProducer = ReturnType<typeof createIdempotentProducer>;
