// order-projection: the read side of CQRS — "how many orders are in each status?" — answered
// from memory, kept up to date by its own consumer group on the event-sourced `order-events`.
//
//   order-events ─► order-projection ─► in-memory read model (byStatus, get)
//
// The read model is disposable: it lives in memory, and every start rebuilds it by folding the
// whole `order-events` stream again (the group's committed offsets are deleted first, so it
// reads from the beginning). That is the event-sourcing bargain: the history is the truth,
// any view of it can be thrown away and recomputed.
//
// It also says how fresh it is (`freshness()`), because a read model that silently falls
// behind is worse than none.
//
// It keeps the most recent `maxOrders` orders (100 000 by default), so a demo left running for
// weeks does not grow without bound: `byStatus()` counts those.
const defaultMaxOrders = 100_000;
import type { Admin } from 'kafkajs';
import { ConsumerService } from '../lib/consumer-service';
import { kafkaFor, type DemoService, type ServiceContext } from '../lib/context';
import type { OrderStatus } from '../lib/events';
import { sleep } from '../lib/kafka';
import { groupId } from '../lib/names';
import { applyOrderEvent, emptyStatusCounts, type OrderState } from '../lib/order-lifecycle';

export interface Freshness {
  /** Events in `order-events` not applied yet (null before the first end-offset poll). */
  behindEvents: number | null;
  /**
   * How long the oldest not-yet-applied event has been waiting, in ms (0 when caught up).
   * Measured against end offsets polled every second, so it reads up to ~1 s low.
   */
  stalenessMs: number | null;
  /** Time from an event's append to its application, for the last event applied. */
  lastApplyDelayMs: number | null;
  /** ce_time of the newest fact applied. */
  lastEventTime: string | null;
  lastAppliedAt: number | null;
  orders: number;
  /**
   * End to end: from an order being placed (its `ce_time`) to this read model showing it shipped,
   * over the last 1 000 shipped orders. Null until one has shipped.
   */
  orderToShippedMs: { p50: number; p95: number; max: number; count: number } | null;
}

export interface OrderProjectionView {
  byStatus(): Record<OrderStatus, number>;
  get(orderId: string): OrderState | undefined;
  freshness(): Freshness;
}

/** End offsets seen by a poll, kept while they are ahead of what was applied. */
interface EndSample {
  end: number;
  at: number;
}

export class OrderProjection implements DemoService, OrderProjectionView {
  readonly name = 'order-projection' as const;
  private readonly orders = new Map<string, OrderState>();
  private readonly counts = emptyStatusCounts();
  /** Next offset to apply, per partition. */
  private readonly positions = new Map<number, number>();
  private readonly ends = new Map<number, { low: number; high: number }>();
  private readonly samples = new Map<number, EndSample[]>();
  private lastEventTime: string | null = null;
  private lastAppliedAt: number | null = null;
  private lastApplyDelayMs: number | null = null;
  private polled = false;
  /** Ring buffer of placed → shipped-in-read-model latencies. */
  private readonly journeys: number[] = [];
  private journeyNext = 0;
  private rebuildStartedAt = 0;
  private readonly consumer: ConsumerService;
  private readonly admin: Admin;
  private readonly topic: string;
  private readonly polling = new AbortController();
  private pollLoop: Promise<void> | null = null;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly maxOrders = defaultMaxOrders,
  ) {
    this.topic = ctx.topics.orderEvents;
    const kafka = kafkaFor(ctx, 'order-projection');
    this.admin = kafka.admin();
    const group = groupId(ctx.namespace, 'order-projection');
    this.consumer = new ConsumerService({
      name: 'order-projection',
      kafka,
      groupId: group,
      topics: [this.topic],
      log: ctx.log,
      fetch: ctx.fetch,
      // Applying an event twice changes nothing (see applyOrderEvent), so the fold is
      // idempotent by itself; and a rebuild must re-read events it has seen before.
      dedupe: false,
      beforeStart: () => this.prepareRebuild(group),
      extraStats: () => ({ orders: this.orders.size }),
      onProgress: (_topic, partition, nextOffset) => this.positions.set(partition, nextOffset),
      handle: ({ event, meta, timestamp }) => {
        if (event.type !== 'OrderStatusChanged') return;
        const before = this.orders.get(event.orderId);
        const after = applyOrderEvent(before, event);
        if (before) this.counts[before.status]--;
        this.counts[after.status]++;
        this.orders.set(event.orderId, after);
        if (!before && this.orders.size > this.maxOrders) this.evictOldest();
        // Only live journeys: a rebuild replaying last week's orders says nothing about speed.
        const live = timestamp >= this.rebuildStartedAt;
        if (live && after.status === 'shipped' && before?.status !== 'shipped' && after.placedAt) {
          this.recordJourney(Date.now() - Date.parse(after.placedAt));
        }
        const now = Date.now();
        this.lastAppliedAt = now;
        this.lastApplyDelayMs = now - timestamp;
        if (this.lastEventTime === null || meta.time > this.lastEventTime) this.lastEventTime = meta.time;
      },
    });
  }

  async start(): Promise<void> {
    if (!this.pollLoop) {
      await this.admin.connect();
      this.pollLoop = this.pollEndOffsets(this.polling.signal);
    }
    await this.consumer.start();
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }

  async dispose(): Promise<void> {
    await this.consumer.stop();
    this.polling.abort();
    await this.pollLoop;
    await this.admin.disconnect();
  }

  pause(): void {
    this.consumer.pause();
  }

  resume(): void {
    this.consumer.resume();
  }

  setSlow(msPerMessage: number): void {
    this.consumer.setSlow(msPerMessage);
  }

  get subscriptions(): readonly string[] {
    return this.consumer.subscriptions;
  }

  stats() {
    return this.consumer.stats();
  }

  byStatus(): Record<OrderStatus, number> {
    return { ...this.counts };
  }

  get(orderId: string): OrderState | undefined {
    return this.orders.get(orderId);
  }

  freshness(): Freshness {
    const base = {
      orderToShippedMs: this.journeyPercentiles(),
      lastApplyDelayMs: this.lastApplyDelayMs,
      lastEventTime: this.lastEventTime,
      lastAppliedAt: this.lastAppliedAt,
      orders: this.orders.size,
    };
    if (!this.polled) return { behindEvents: null, stalenessMs: null, ...base };
    const now = Date.now();
    let behind = 0;
    let oldestWaiting = now;
    for (const [partition, { low, high }] of this.ends) {
      const position = Math.max(this.positions.get(partition) ?? low, low);
      if (high <= position) continue;
      behind += high - position;
      // The first poll that saw an end offset beyond our position: the oldest unapplied
      // event was appended before it (and after the poll before it).
      const firstSeen = this.samples.get(partition)?.find((s) => s.end > position);
      if (firstSeen) oldestWaiting = Math.min(oldestWaiting, firstSeen.at);
    }
    return { behindEvents: behind, stalenessMs: behind === 0 ? 0 : now - oldestWaiting, ...base };
  }

  private recordJourney(ms: number): void {
    this.journeys[this.journeyNext] = ms;
    this.journeyNext = (this.journeyNext + 1) % 1000;
  }

  private journeyPercentiles(): Freshness['orderToShippedMs'] {
    if (this.journeys.length === 0) return null;
    const sorted = [...this.journeys].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
    return { p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1]!, count: sorted.length };
  }

  private evictOldest(): void {
    // A Map iterates in insertion order: the first entry is the order seen longest ago.
    const [orderId, state] = this.orders.entries().next().value as [string, OrderState];
    this.orders.delete(orderId);
    this.counts[state.status]--;
  }

  /** Forget the model and where the group was, so the consumer folds the stream from the start. */
  private async prepareRebuild(group: string): Promise<void> {
    this.orders.clear();
    Object.assign(this.counts, emptyStatusCounts());
    this.positions.clear();
    this.samples.clear();
    this.lastEventTime = this.lastAppliedAt = this.lastApplyDelayMs = null;
    this.journeys.length = 0;
    this.journeyNext = 0;
    this.rebuildStartedAt = Date.now();
    // deleteGroups removes the committed offsets; fromBeginning then applies. It fails while
    // members are still in the group (a crashed process's member lingers until its session
    // times out) and, on a new broker, while the group coordinator is loading: wait for both,
    // within reason.
    const deadline = Date.now() + 45_000;
    for (;;) {
      try {
        await this.admin.deleteGroups([group]);
        return;
      } catch (err) {
        const groups = (err as { groups?: Array<{ error?: { type?: string; retriable?: boolean } }> }).groups;
        const problem = groups?.[0]?.error;
        if (problem?.type === 'GROUP_ID_NOT_FOUND') return;
        const worthWaiting = problem?.type === 'NON_EMPTY_GROUP' || problem?.retriable === true;
        if (!worthWaiting || Date.now() > deadline) {
          throw new Error(`order-projection could not reset group ${group}: ${problem?.type ?? (err as Error).message}`, { cause: err });
        }
        await sleep(problem?.type === 'NON_EMPTY_GROUP' ? 1000 : 200);
      }
    }
  }

  private async pollEndOffsets(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        const offsets = await this.admin.fetchTopicOffsets(this.topic);
        const at = Date.now();
        for (const { partition, high, low } of offsets) {
          const end = { low: Number(low), high: Number(high) };
          this.ends.set(partition, end);
          const position = Math.max(this.positions.get(partition) ?? end.low, end.low);
          const kept = (this.samples.get(partition) ?? []).filter((s) => s.end > position);
          if (end.high > position && (kept.length === 0 || kept[kept.length - 1]!.end < end.high)) {
            kept.push({ end: end.high, at });
          }
          this.samples.set(partition, kept.slice(-600));
        }
        this.polled = true;
      } catch (err) {
        if (!signal.aborted) this.ctx.log(`[order-projection] end-offset poll failed: ${(err as Error).message}`);
      }
      await sleep(1000, signal);
    }
  }
}

export function createOrderProjection(ctx: ServiceContext): OrderProjection {
  return new OrderProjection(ctx);
}
