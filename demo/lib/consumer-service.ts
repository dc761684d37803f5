// The runtime every consuming service is built on: one consumer group, one kafkajs client,
// and the patterns a careful team applies to every consumer, written once:
//
// * decode and validate each record (envelope headers + event schema); bad input never crashes
//   the service — it goes to the dead-letter topic (or is counted and skipped);
// * skip events already processed (idempotent consumer, keyed by `ce_id`);
// * give every emitted event a correlation id (copied), a causation id (the input's id) and a
//   derived, repeatable id (see `derivedEventId`);
// * send what a batch emits in one produce request, and only then mark the inputs processed and
//   move the consumer's position; commit positions once a second and once more when stopping
//   (committing after every small batch costs a request each, which dominates at low rates).
//   A crash re-processes at most the last second; it never loses anything;
// * on failure: retry later through a retry topic with back-off, then dead-letter (retry.ts);
// * chaos knobs: a delay per message, pause/resume of the group, stop/start.
import type { Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage, Message, Producer } from 'kafkajs';
import { decodeEvent, type ShopEvent } from './events';
import { derivedEventId, eventRecord, readEventMeta, type CorrelationStyle, type EventMeta } from './envelope';
import { ProcessedEvents } from './idempotency';
import { createProducer, sleep, type Log } from './kafka';
import type { DemoService } from './context';
import type { ServiceName } from './names';
import {
  deadLetterRecord,
  failedAttemptsOf,
  InvalidEventError,
  notBeforeOf,
  retryRecord,
  routeFailure,
  type FailedRecord,
  type RetryPolicy,
} from './retry';

/** A consumed record that passed validation. */
export interface Delivery<E extends ShopEvent = ShopEvent> {
  topic: string;
  partition: number;
  offset: string;
  /** Broker timestamp (ms) of the record. */
  timestamp: number;
  key: string | null;
  headers: IHeaders | undefined;
  meta: EventMeta;
  event: E;
  /** 1 for the first delivery, 2 for the first retry, ... */
  attempt: number;
}

/** Emits an event caused by the delivery being handled. Sent when the batch is flushed. */
export type Emit = (topic: string, event: ShopEvent) => void;

export type Handler = (delivery: Delivery, emit: Emit) => void | Promise<void>;

export interface ConsumerServiceOptions {
  name: ServiceName;
  kafka: Kafka;
  groupId: string;
  topics: string[];
  handle: Handler;
  log: Log;
  /** Which header carries the correlation id of the events this service emits. */
  correlationStyle?: CorrelationStyle;
  /**
   * The record an emitted event travels in. Default: JSON with the CloudEvents envelope
   * (eventRecord); loyalty-service writes Avro through the schema registry instead.
   */
  recordFor?: (event: ShopEvent, meta: Omit<EventMeta, 'type'>) => Message;
  /** Where records that can never be processed go. Without one they are counted, logged and skipped. */
  deadLetterTopic?: string;
  /** Retry through this topic before dead-lettering. The service must also subscribe to it. */
  retry?: { topic: string; policy: RetryPolicy };
  /** What makes two deliveries "the same event" for deduplication. Default: the event id. */
  idempotencyKey?: (delivery: Delivery) => string;
  /**
   * Skip events already processed (default true). A handler that is idempotent by itself —
   * applying an event twice changes nothing, like the projection's fold — may turn it off.
   */
  dedupe?: boolean;
  /** Told the next offset to read of a partition each time the service moves past records. */
  onProgress?: (topic: string, partition: number, nextOffset: number) => void;
  /** Service-specific numbers added to stats(). */
  extraStats?: () => Record<string, unknown>;
  /** Runs before each start, before the consumer joins its group (e.g. to reset offsets). */
  beforeStart?: () => Promise<void>;
  partitionsConsumedConcurrently?: number;
  /** Fetch tuning (see FetchTuning). */
  fetch?: FetchTuning;
  /** How long start() waits for the group join. */
  joinTimeoutMs?: number;
}

/**
 * How long the broker may hold a fetch to gather `minBytes`. The default (1 byte, like the
 * Java client) hands over every record at once: ~10 ms per hop. Larger batches (e.g. 16 KiB
 * within 100 ms) cost up to `maxWaitMs` of latency per hop but cut requests, and so CPU, by
 * about a quarter at low and moderate rates.
 */
export interface FetchTuning {
  minBytes?: number;
  maxWaitMs?: number;
}

export type ServiceState = 'stopped' | 'starting' | 'running' | 'paused' | 'stopping';

export interface ServiceStats {
  state: ServiceState;
  /** Records taken from Kafka, duplicates and bad ones included. */
  consumed: number;
  /** Events handled successfully. */
  processed: number;
  /** Events skipped because they had been processed already. */
  duplicates: number;
  /** Events this service emitted (retry and dead-letter copies not included). */
  produced: number;
  retried: number;
  deadLettered: number;
  /** Records that were not valid events (bad JSON, unknown type, missing headers). */
  invalid: number;
  /** Failures dropped because the service has no dead-letter topic. */
  dropped: number;
  slowMsPerMessage: number;
  lastProcessedAt: number | null;
}

/** Records to send, grouped by topic, plus what to mark once they are sent. */
class Outbox {
  readonly byTopic = new Map<string, Message[]>();
  size = 0;
  produced = 0;
  retried = 0;
  deadLettered = 0;
  processedKeys: string[] = [];

  add(topic: string, message: Message): void {
    const list = this.byTopic.get(topic);
    if (list) list.push(message);
    else this.byTopic.set(topic, [message]);
    this.size++;
  }

  clear(): void {
    this.byTopic.clear();
    this.size = 0;
    this.produced = this.retried = this.deadLettered = 0;
    this.processedKeys = [];
  }
}

const FLUSH_EVERY = 500;

export class ConsumerService implements DemoService {
  readonly name: ServiceName;
  private readonly opts: ConsumerServiceOptions;
  private readonly processed = new ProcessedEvents();
  private readonly idempotencyKey: (delivery: Delivery) => string;
  private readonly style: CorrelationStyle;
  private consumer: Consumer | null = null;
  private producer: Producer | null = null;
  private stopping: AbortController = new AbortController();
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private commitTimer: NodeJS.Timeout | null = null;
  /** Next offset to read per "topic\u0000partition", as processed, and as last committed. */
  private readonly positions = new Map<string, { topic: string; partition: number; offset: string }>();
  private readonly committed = new Map<string, string>();
  private committing: Promise<void> | null = null;
  private batchesInFlight = 0;
  private batchesDone: (() => void) | null = null;
  private state: ServiceState = 'stopped';
  private paused = false;
  private slowMs = 0;
  private readonly counters = {
    consumed: 0,
    processed: 0,
    duplicates: 0,
    produced: 0,
    retried: 0,
    deadLettered: 0,
    invalid: 0,
    dropped: 0,
    lastProcessedAt: null as number | null,
  };
  private readonly logEvery = new Map<string, number>();

  constructor(opts: ConsumerServiceOptions) {
    this.opts = opts;
    this.name = opts.name;
    this.style = opts.correlationStyle ?? 'x-correlation-id';
    this.idempotencyKey = opts.idempotencyKey ?? ((delivery) => delivery.meta.id);
  }

  get groupId(): string {
    return this.opts.groupId;
  }

  get subscriptions(): readonly string[] {
    return this.opts.topics;
  }

  stats(): ServiceStats & Record<string, unknown> {
    return { state: this.state, slowMsPerMessage: this.slowMs, ...this.counters, ...this.opts.extraStats?.() };
  }

  isRunning(): boolean {
    return this.state === 'running' || this.state === 'paused';
  }

  /** Connects, joins the consumer group and resolves once partitions are assigned. */
  async start(): Promise<void> {
    if (this.state !== 'stopped') return;
    this.state = 'starting';
    this.stopping = new AbortController();
    try {
      await this.opts.beforeStart?.();
      this.producer = createProducer(this.opts.kafka);
      await this.producer.connect();
      const consumer = this.opts.kafka.consumer({
        groupId: this.opts.groupId,
        allowAutoTopicCreation: false,
        minBytes: this.opts.fetch?.minBytes ?? 1,
        // How long the broker holds a fetch when there is not enough to read. Short, so a paused
        // partition that is resumed (retry back-off, pause knob) is fetched again promptly.
        maxWaitTimeInMs: this.opts.fetch?.maxWaitMs ?? 500,
      });
      this.consumer = consumer;
      const joined = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${this.name}: no partitions assigned within ${this.opts.joinTimeoutMs ?? 60_000} ms`)),
          this.opts.joinTimeoutMs ?? 60_000,
        );
        const off = consumer.on(consumer.events.GROUP_JOIN, () => {
          clearTimeout(timer);
          off();
          resolve();
        });
      });
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        // After a rebalance, only commit positions of partitions this member still owns.
        for (const [key, position] of this.positions) {
          if (!payload.memberAssignment[position.topic]?.includes(position.partition)) {
            this.positions.delete(key);
            this.committed.delete(key);
          }
        }
      });
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        this.opts.log(`[${this.name}] consumer crashed: ${payload.error.message}${payload.restart ? ' (restarting)' : ''}`);
        // kafkajs restarts the consumer after retriable errors; after others it is done for.
        if (!payload.restart) void this.stop();
      });
      await consumer.connect();
      await consumer.subscribe({ topics: this.opts.topics, fromBeginning: true });
      await consumer.run({
        autoCommit: false, // see commitPositions()
        eachBatchAutoResolve: false,
        // Batches of different partitions are handled side by side, so one batch waiting on its
        // produce request does not hold up the others (measured: 3 → 8 raised the sustained
        // rate by about a third on 2 cores).
        partitionsConsumedConcurrently: this.opts.partitionsConsumedConcurrently ?? 8,
        eachBatch: (payload) => this.onBatch(payload),
      });
      if (this.paused) consumer.pause(this.opts.topics.map((topic) => ({ topic })));
      await joined;
      this.commitTimer = setInterval(() => void this.commitPositions(), 1000);
      this.state = this.paused ? 'paused' : 'running';
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  /** Leaves the group (its partitions go to other members at once) and disconnects. */
  async stop(): Promise<void> {
    if (this.state === 'stopped' || this.state === 'stopping') return;
    this.state = 'stopping';
    this.stopping.abort();
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    if (this.commitTimer) clearInterval(this.commitTimer);
    this.commitTimer = null;
    const consumer = this.consumer;
    const producer = this.producer;
    try {
      if (consumer) {
        // Stop taking new batches, let the current ones finish, and commit where we got to
        // while we are still a member of the group.
        consumer.pause(this.opts.topics.map((topic) => ({ topic })));
        await this.batchesFinished();
        await this.commitPositions({ wait: true });
        await consumer.disconnect();
      }
    } finally {
      this.consumer = null;
      this.producer = null;
      this.positions.clear();
      this.committed.clear();
      await producer?.disconnect();
      this.state = 'stopped';
    }
  }

  private batchesFinished(): Promise<void> {
    if (this.batchesInFlight === 0) return Promise.resolve();
    return new Promise((resolve) => (this.batchesDone = resolve));
  }

  /**
   * Commits the positions that moved since the last commit, in one request. The periodic tick
   * skips if a commit is in flight; stopping waits for it and then commits what is left.
   */
  private async commitPositions({ wait = false } = {}): Promise<void> {
    if (this.committing && !wait) return;
    while (this.committing) await this.committing;
    const consumer = this.consumer;
    const changed = [...this.positions].filter(([key, p]) => this.committed.get(key) !== p.offset);
    if (!consumer || changed.length === 0) return;
    this.committing = consumer
      .commitOffsets(changed.map(([, p]) => ({ ...p })))
      .then(() => {
        for (const [key, p] of changed) this.committed.set(key, p.offset);
      })
      .catch((err: Error) => {
        // A rebalance in progress refuses commits; the next tick (or the new owner) catches up.
        this.logThrottled('commit', `could not commit offsets: ${err.message}`);
      })
      .finally(() => {
        this.committing = null;
      });
    return this.committing;
  }

  /** Stops fetching but stays in the group: lag grows, the group still shows its members. */
  pause(): void {
    this.paused = true;
    this.consumer?.pause(this.opts.topics.map((topic) => ({ topic })));
    if (this.state === 'running') this.state = 'paused';
  }

  resume(): void {
    this.paused = false;
    this.consumer?.resume(this.opts.topics.map((topic) => ({ topic })));
    if (this.state === 'paused') this.state = 'running';
  }

  setSlow(msPerMessage: number): void {
    if (!Number.isFinite(msPerMessage) || msPerMessage < 0) throw new Error(`msPerMessage must be ≥ 0, got ${msPerMessage}`);
    this.slowMs = msPerMessage;
  }

  private async onBatch(payload: EachBatchPayload) {
    this.batchesInFlight++;
    try {
      await this.processBatch(payload);
    } finally {
      this.batchesInFlight--;
      if (this.batchesInFlight === 0 && this.batchesDone) {
        const done = this.batchesDone;
        this.batchesDone = null;
        done();
      }
    }
  }

  private async processBatch({ batch, resolveOffset, heartbeat, isRunning, isStale, pause }: EachBatchPayload) {
    const outbox = new Outbox();
    let lastDone: string | null = null;
    const inBatch = new Set<string>();
    const abort = this.stopping.signal;

    const flush = async () => {
      if (outbox.size > 0) {
        await this.producer!.sendBatch({
          topicMessages: [...outbox.byTopic].map(([topic, messages]) => ({ topic, messages })),
        });
      }
      // Only now, with the effects durable, are the inputs done.
      for (const key of outbox.processedKeys) this.processed.add(key);
      this.counters.produced += outbox.produced;
      this.counters.retried += outbox.retried;
      this.counters.deadLettered += outbox.deadLettered;
      outbox.clear();
      if (lastDone !== null) {
        resolveOffset(lastDone);
        const next = String(Number(lastDone) + 1);
        this.positions.set(`${batch.topic}\u0000${batch.partition}`, { topic: batch.topic, partition: batch.partition, offset: next });
        this.opts.onProgress?.(batch.topic, batch.partition, Number(next));
      }
      await heartbeat();
    };

    for (const message of batch.messages) {
      if (!isRunning() || isStale() || this.paused || abort.aborted) break;

      // A retry record that is not due yet: pause this partition until it is, without
      // blocking the others, and read it again then (its offset is not resolved).
      const dueIn = notBeforeOf(message.headers) - Date.now();
      if (dueIn > 0) {
        await flush();
        const resumePartition = pause();
        const timer = setTimeout(() => {
          this.retryTimers.delete(timer);
          resumePartition();
        }, dueIn);
        this.retryTimers.add(timer);
        break;
      }

      if (this.slowMs > 0) {
        await sleep(this.slowMs, abort);
        if (abort.aborted || this.paused) break;
      }

      await this.processOne(batch.topic, batch.partition, message, outbox, inBatch);
      lastDone = message.offset;
      if (outbox.size >= FLUSH_EVERY || this.slowMs > 0) await flush();
    }
    await flush();
  }

  private async processOne(topic: string, partition: number, message: KafkaMessage, outbox: Outbox, inBatch: Set<string>) {
    this.counters.consumed++;
    const record: FailedRecord = { topic, partition, offset: message.offset, key: message.key, value: message.value, headers: message.headers };
    const failedBefore = failedAttemptsOf(message.headers);

    const meta = readEventMeta(message.headers);
    const decoded = decodeEvent(message.value);
    if (!meta.ok || !decoded.ok) {
      this.counters.invalid++;
      this.fail(record, new InvalidEventError(!meta.ok ? meta.error : (decoded as { error: string }).error), failedBefore, outbox);
      return;
    }

    const delivery: Delivery = {
      topic,
      partition,
      offset: message.offset,
      timestamp: Number(message.timestamp),
      key: message.key?.toString('utf8') ?? null,
      headers: message.headers,
      meta: meta.meta,
      event: decoded.event,
      attempt: failedBefore + 1,
    };
    const key = this.idempotencyKey(delivery);
    if (this.opts.dedupe !== false && (this.processed.has(key) || inBatch.has(key))) {
      this.counters.duplicates++;
      return;
    }

    const emitted: Array<{ topic: string; message: Message }> = [];
    const emit: Emit = (target, event) => {
      const id = derivedEventId(this.name, key, String(emitted.length));
      const time = new Date().toISOString();
      const causedBy = { correlationId: delivery.meta.correlationId, causationId: delivery.meta.id };
      const meta = { id, source: this.name, time, ...causedBy };
      emitted.push({ topic: target, message: this.opts.recordFor ? this.opts.recordFor(event, meta) : eventRecord(event, meta, this.style) });
    };
    try {
      await this.opts.handle(delivery, emit);
    } catch (err) {
      // Not marked processed: the retry copy (same event id) must not be skipped as a duplicate.
      this.fail(record, err, failedBefore, outbox);
      return;
    }
    for (const { topic: target, message: out } of emitted) outbox.add(target, out);
    outbox.produced += emitted.length;
    if (this.opts.dedupe !== false) {
      outbox.processedKeys.push(key);
      inBatch.add(key);
    }
    this.counters.processed++;
    this.counters.lastProcessedAt = Date.now();
  }

  private fail(record: FailedRecord, error: unknown, failedBefore: number, outbox: Outbox) {
    const { retry, deadLetterTopic } = this.opts;
    const now = Date.now();
    if (retry && routeFailure(retry.policy, error, failedBefore) === 'retry') {
      outbox.add(retry.topic, retryRecord(record, error, retry.policy, this.name, now));
      outbox.retried++;
      return;
    }
    const where = `${record.topic}/${record.partition}@${record.offset}`;
    if (deadLetterTopic) {
      outbox.add(deadLetterTopic, deadLetterRecord(record, error, this.name, now));
      outbox.deadLettered++;
      this.logThrottled('dead-letter', `${where} → ${deadLetterTopic} after ${failedBefore + 1} attempt(s): ${String(error)}`);
    } else {
      this.counters.dropped++;
      this.logThrottled('dropped', `${where} skipped: ${String(error)}`);
    }
  }

  /** At most one line per kind per 5 s: a poison storm must not flood the log. */
  private logThrottled(kind: string, line: string) {
    const now = Date.now();
    if ((this.logEvery.get(kind) ?? 0) > now) return;
    this.logEvery.set(kind, now + 5_000);
    this.opts.log(`[${this.name}] ${line}`);
  }
}
