// order-service: the shop front. Two jobs, one service:
//
// 1. Places orders at the configured rate:                order-service ─► orders (OrderPlaced)
//    Each order starts a journey: a new correlation id, no causation id.
// 2. Owns the order's history: it listens to the outcomes of the other services and appends
//    one OrderStatusChanged per fact to the event-sourced stream `order-events`, keyed by order
//    id (see lib/order-lifecycle.ts for the fold that turns a history into a state):
//
//      orders, payments, inventory, shipments, payments.DLQ ─► order-service ─► order-events
import { randomInt, randomUUID } from 'node:crypto';
import type { Kafka, Message, Producer } from 'kafkajs';
import { ConsumerService } from '../lib/consumer-service';
import { kafkaFor, type DemoService, type ServiceContext } from '../lib/context';
import { eventRecord, headerString, newCorrelationId, newEventId } from '../lib/envelope';
import type { OrderItem, OrderPlaced, OrderStatus, OrderStatusChanged } from '../lib/events';
import { createProducer, sleep } from '../lib/kafka';
import { groupId } from '../lib/names';
import { RetryHeaders } from '../lib/retry';
import { POISON_PAYMENT_TOKEN } from './payment-service';

const catalogue: ReadonlyArray<{ sku: string; unitPrice: number }> = [
  { sku: 'MUG-001', unitPrice: 12.5 },
  { sku: 'TSHIRT-M', unitPrice: 24 },
  { sku: 'HOODIE-L', unitPrice: 59 },
  { sku: 'STICKERS', unitPrice: 3.99 },
  { sku: 'BOTTLE-750', unitPrice: 19.9 },
  { sku: 'CAP-RED', unitPrice: 17 },
  { sku: 'NOTEBOOK-A5', unitPrice: 8.75 },
  { sku: 'BACKPACK', unitPrice: 89 },
];
const channels = ['web', 'app', 'store'] as const;

export interface PlaceOrderOptions {
  /** Use the poison payment token: the order ends in payments.DLQ. */
  poison?: boolean;
  /** Force an event version (default: v2 for a `v2Share` of orders). */
  version?: 1 | 2;
  /** Send the same event twice, as a producer retrying after a timeout would. */
  resend?: boolean;
}

export interface PlacedOrder {
  orderId: string;
  correlationId: string;
  eventId: string;
}

export interface BurstState {
  ordersPerSecond: number;
  until: number;
}

/** The order's history: the status each incoming fact moves it to. */
function statusChange(topic: string, dlqTopic: string, event: { type: string }): OrderStatus | null {
  if (topic === dlqTopic) return 'failed';
  switch (event.type) {
    case 'OrderPlaced':
      return 'placed';
    case 'PaymentAuthorized':
      return 'paid';
    case 'PaymentDeclined':
      return 'payment_declined';
    case 'StockReserved':
      return 'reserved';
    case 'OutOfStock':
      return 'out_of_stock';
    case 'OrderShipped':
      return 'shipped';
    default:
      return null;
  }
}

export class OrderService implements DemoService {
  readonly name = 'order-service' as const;
  private readonly ctx: ServiceContext;
  private readonly kafka: Kafka;
  private readonly journal: ConsumerService;
  private producer: Producer | null = null;
  private loop: Promise<void> | null = null;
  private stopping = new AbortController();
  private burstState: BurstState | null = null;
  /** Resends go out with the next tick, a little after their original. */
  private resends: Message[] = [];
  private readonly placing = { placed: 0, poison: 0, v2: 0, resent: 0, sendErrors: 0 };

  constructor(ctx: ServiceContext) {
    this.ctx = ctx;
    this.kafka = kafkaFor(ctx, 'order-service');
    const { topics } = ctx;
    this.journal = new ConsumerService({
      name: 'order-service',
      kafka: this.kafka,
      groupId: groupId(ctx.namespace, 'order-service'),
      topics: [topics.orders, topics.payments, topics.inventory, topics.shipments, topics.paymentsDlq],
      log: ctx.log,
      fetch: ctx.fetch,
      // A dead-lettered order carries the same event id as on `orders`: it is a different fact.
      idempotencyKey: (d) => (d.topic === topics.paymentsDlq ? `dlq:${d.meta.id}` : d.meta.id),
      extraStats: () => ({ ...this.placing, ordersPerSecond: this.currentRate(), burst: this.burstState }),
      handle: (delivery, emit) => {
        const status = statusChange(delivery.topic, topics.paymentsDlq, delivery.event);
        if (status === null) return;
        const { event } = delivery;
        const change: OrderStatusChanged = {
          type: 'OrderStatusChanged',
          version: 1,
          orderId: event.orderId,
          status,
          occurredAt: delivery.meta.time || new Date(delivery.timestamp).toISOString(),
        };
        if (event.type === 'OrderPlaced') {
          change.total = event.total;
          change.currency = event.currency;
        }
        if (event.type === 'PaymentDeclined') change.reason = event.reason;
        if (event.type === 'OutOfStock') change.reason = `out of stock: ${event.sku}`;
        if (status === 'failed') change.reason = headerString(delivery.headers, RetryHeaders.error) ?? 'dead-lettered';
        emit(topics.orderEvents, change);
      },
    });
  }

  async start(): Promise<void> {
    if (this.producer) return;
    this.stopping = new AbortController();
    const producer = createProducer(this.kafka);
    await producer.connect();
    this.producer = producer;
    try {
      await this.journal.start();
    } catch (err) {
      await this.stop();
      throw err;
    }
    this.loop = this.placeOrders(this.stopping.signal);
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
    this.loop = null;
    const producer = this.producer;
    this.producer = null;
    await Promise.all([this.journal.stop(), producer?.disconnect()]);
  }

  pause(): void {
    this.journal.pause();
  }

  resume(): void {
    this.journal.resume();
  }

  setSlow(msPerMessage: number): void {
    this.journal.setSlow(msPerMessage);
  }

  get subscriptions(): readonly string[] {
    return this.journal.subscriptions;
  }

  stats() {
    return this.journal.stats();
  }

  /** Places orders at `ordersPerSecond` for `seconds`, then returns to the normal rate. */
  burst(ordersPerSecond: number, seconds: number): void {
    if (!(ordersPerSecond >= 0) || !(seconds > 0)) throw new Error('burst needs ordersPerSecond ≥ 0 and seconds > 0');
    this.burstState = { ordersPerSecond, until: Date.now() + seconds * 1000 };
  }

  currentRate(): number {
    if (this.burstState && this.burstState.until <= Date.now()) this.burstState = null;
    return this.burstState?.ordersPerSecond ?? this.ctx.behaviour.rate;
  }

  /** Places one order now (for tests and the console's "place an order" button). */
  async placeOrder(opts: PlaceOrderOptions = {}): Promise<PlacedOrder> {
    if (!this.producer) throw new Error('order-service is not running');
    const record = this.newOrderRecord(opts);
    await this.producer.send({ topic: this.ctx.topics.orders, messages: [record] });
    if (opts.resend) {
      await this.producer.send({ topic: this.ctx.topics.orders, messages: [record] });
      this.placing.resent++;
    }
    const headers = record.headers as Record<string, string>;
    return { orderId: String(record.key), correlationId: headers['x-correlation-id']!, eventId: headers['ce_id']! };
  }

  /**
   * Steady rate with a 50 ms tick: each tick sends, in one request, the orders that became due
   * since the last one. A slow send delays the next tick, which then sends more (at most one
   * second's worth, so a stalled broker does not cause a stampede).
   */
  private async placeOrders(signal: AbortSignal): Promise<void> {
    let owed = 0;
    let last = Date.now();
    while (!signal.aborted) {
      await sleep(50, signal);
      if (signal.aborted) break;
      const now = Date.now();
      const rate = this.currentRate();
      owed = Math.min(owed + (rate * (now - last)) / 1000, Math.max(1, rate));
      last = now;
      const count = Math.floor(owed);
      owed -= count;
      const messages: Message[] = this.resends;
      this.resends = [];
      for (let i = 0; i < count; i++) messages.push(this.newOrderRecord({}));
      if (messages.length === 0) continue;
      try {
        await this.producer!.send({ topic: this.ctx.topics.orders, messages });
      } catch (err) {
        this.placing.sendErrors++;
        this.ctx.log(`[order-service] could not place ${messages.length} orders: ${(err as Error).message}`);
      }
    }
  }

  private newOrderRecord(opts: PlaceOrderOptions): Message {
    const { behaviour } = this.ctx;
    const poison = opts.poison ?? Math.random() < behaviour.poisonRate;
    const version = opts.version ?? (Math.random() < behaviour.v2Share ? 2 : 1);
    const items: OrderItem[] = [];
    for (let i = randomInt(1, 4); i > 0; i--) {
      const product = catalogue[randomInt(catalogue.length)]!;
      items.push({ sku: product.sku, quantity: randomInt(1, 4), unitPrice: product.unitPrice });
    }
    const base = {
      type: 'OrderPlaced' as const,
      orderId: randomUUID(),
      customerId: `cust-${randomInt(1, 5001)}`,
      items,
      total: Math.round(items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0) * 100) / 100,
      currency: 'EUR',
      paymentToken: poison ? POISON_PAYMENT_TOKEN : `tok_${randomUUID().slice(0, 12)}`,
    };
    const order: OrderPlaced =
      version === 2 ? { ...base, version: 2, channel: channels[randomInt(channels.length)]! } : { ...base, version: 1 };
    const record = eventRecord(
      order,
      { id: newEventId(), source: 'order-service', time: new Date().toISOString(), correlationId: newCorrelationId(), causationId: null },
      'x-correlation-id',
    );
    this.placing.placed++;
    if (poison) this.placing.poison++;
    if (version === 2) this.placing.v2++;
    if (!opts.resend && Math.random() < behaviour.resendRate) {
      this.resends.push(record);
      this.placing.resent++;
    }
    return record;
  }
}

export function createOrderService(ctx: ServiceContext): OrderService {
  return new OrderService(ctx);
}
