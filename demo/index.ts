// Eventline's demo system: a small event-driven shop to watch in the console.
//
//   order-service ─► orders ─► payment-service ─► payments ─► inventory-service ─► inventory
//        ▲                        │  ▲                              │                 │
//        │                 payments.retry ─► payments.DLQ          ▼                 ▼
//        │                                           notification-service ◄── shipping-service
//        │                                                                 (─► shipments)
//        └── order-service also records every fact ─► order-events ─► order-projection (CQRS)
//
// `startDemo` creates the topics and starts the services (all of them, or some, for one
// service per process) and returns the knobs that make it misbehave on purpose.
import type { Admin } from 'kafkajs';
import { defaultBehaviour, type Behaviour, type DemoService, type ServiceContext } from './lib/context';
import type { FetchTuning, ServiceStats } from './lib/consumer-service';
import { createKafka, type Log } from './lib/kafka';
import { assertValidNamespace, clientId, groupId, serviceNames, topicNames, type ServiceName, type TopicNames } from './lib/names';
import { defaultRetryPolicy, type RetryPolicy } from './lib/retry';
import { ensureTopics, topicSpecs } from './lib/topics';
import { createInventoryService } from './services/inventory-service';
import { createNotificationService } from './services/notification-service';
import { createOrderProjection, type Freshness, type OrderProjectionView } from './services/order-projection';
import { createOrderService, type PlacedOrder, type PlaceOrderOptions } from './services/order-service';
import { createPaymentService } from './services/payment-service';
import { createShippingService } from './services/shipping-service';
import { createLoyaltyService } from './services/loyalty-service';
import type { DemoRegistrySettings } from './lib/loyalty-avro';

export type { DemoRegistrySettings, ServiceName, TopicNames, Behaviour, RetryPolicy, FetchTuning, ServiceStats, Freshness, OrderProjectionView, PlacedOrder, PlaceOrderOptions };
export { serviceNames };

export interface DemoOptions {
  brokers: string[];
  /** Prefix of every topic and group ("t1" → "t1.orders"); default none. */
  namespace?: string;
  /** Orders per second; default 5. */
  rate?: number;
  /** Services to run in this process; default all. */
  services?: ServiceName[];
  log?: Log;
  /** Business behaviour and chaos settings other than the rate (see Behaviour). */
  behaviour?: Partial<Omit<Behaviour, 'rate'>>;
  /** payment-service's retry policy. */
  retry?: Partial<RetryPolicy>;
  /** Consumer fetch tuning: latency per hop against requests (CPU); see FetchTuning. */
  fetch?: FetchTuning;
  /**
   * The schema registry loyalty-service writes Avro through, or a promise of it (a registry
   * still starting: the service waits for it in the background). None, or a promise of
   * null: loyalty-service sits out and the rest of the shop runs as ever.
   */
  schemaRegistry?: DemoRegistrySettings | Promise<DemoRegistrySettings | null> | null;
}

export interface ServiceKnobs {
  running: boolean;
  paused: boolean;
  slowMsPerMessage: number;
}

export interface KnobsSnapshot extends Behaviour {
  burst: { ordersPerSecond: number; until: string } | null;
  /** Only the services running in this process. */
  services: Partial<Record<ServiceName, ServiceKnobs>>;
}

/** The chaos knobs. Each throws if its service does not run in this process. */
export interface DemoKnobs {
  /** Delay each message the service consumes by `msPerMessage` (0 = off). */
  setSlow(service: ServiceName, msPerMessage: number): void;
  /** Stop fetching; the group keeps its members, so its lag grows while it still looks alive. */
  pauseGroup(service: ServiceName): void;
  resumeGroup(service: ServiceName): void;
  /** Disconnect: the consumers leave their group (order-service also stops placing orders). */
  stopService(service: ServiceName): Promise<void>;
  startService(service: ServiceName): Promise<void>;
  /** Share of new orders that are poison (always fail, end in payments.DLQ). */
  setPoisonRate(fraction: number): void;
  setRate(ordersPerSecond: number): void;
  /** Place `ordersPerSecond` for `seconds`, then go back to the normal rate. */
  burst(ordersPerSecond: number, seconds: number): void;
  /** Change any other behaviour setting (resendRate, v2Share, declineRate, ...). */
  setBehaviour(patch: Partial<Behaviour>): void;
  getKnobs(): KnobsSnapshot;
}

export interface DemoStats {
  at: number;
  services: Partial<Record<ServiceName, ServiceStats & Record<string, unknown>>>;
  projection: Freshness | null;
}

export interface DemoSystem {
  readonly namespace: string;
  readonly topics: TopicNames;
  /** Consumer group of each service. */
  readonly groups: Record<ServiceName, string>;
  /** Services running in this process. */
  readonly services: ServiceName[];
  /** Topics each service running in this process consumes (its group's subscriptions). */
  readonly subscriptions: Partial<Record<ServiceName, readonly string[]>>;
  readonly knobs: DemoKnobs;
  /** The CQRS read model, when order-projection runs in this process. */
  readonly orderProjection: OrderProjectionView | null;
  stats(): DemoStats;
  /** Places one order now; needs order-service in this process. */
  placeOrder(opts?: PlaceOrderOptions): Promise<PlacedOrder>;
  /** Stops every service (consumers leave their groups) and closes every connection. */
  stop(): Promise<void>;
}

const fractionKeys = ['poisonRate', 'resendRate', 'v2Share', 'transientFailureRate', 'declineRate', 'outOfStockRate'] as const;

function validateBehaviour(patch: Partial<Behaviour>): void {
  for (const key of fractionKeys) {
    const value = patch[key];
    if (value !== undefined && !(value >= 0 && value <= 1)) throw new Error(`${key} must be between 0 and 1, got ${value}`);
  }
  if (patch.rate !== undefined && !(Number.isFinite(patch.rate) && patch.rate >= 0)) {
    throw new Error(`rate must be a number ≥ 0, got ${patch.rate}`);
  }
  if (patch.loyaltyV2AfterMs !== undefined && !(patch.loyaltyV2AfterMs >= 0)) {
    throw new Error(`loyaltyV2AfterMs must be a number of milliseconds ≥ 0, got ${patch.loyaltyV2AfterMs}`);
  }
}

export async function startDemo(opts: DemoOptions): Promise<DemoSystem> {
  const namespace = opts.namespace ?? '';
  assertValidNamespace(namespace);
  if (opts.brokers.length === 0) throw new Error('startDemo needs at least one broker address');
  const log = opts.log ?? ((line: string) => console.log(line));
  const behaviour: Behaviour = { ...defaultBehaviour, ...opts.behaviour, rate: opts.rate ?? defaultBehaviour.rate };
  validateBehaviour(behaviour);
  const retryPolicy: RetryPolicy = { ...defaultRetryPolicy, ...opts.retry };
  const topics = topicNames(namespace);
  const ctx: ServiceContext = { brokers: opts.brokers, namespace, topics, behaviour, retryPolicy, fetch: opts.fetch, log };
  let selected = [...new Set(opts.services ?? serviceNames)];
  if (selected.includes('loyalty-service') && !opts.schemaRegistry) {
    log('[demo] loyalty-service skipped: no schema registry (it writes Avro through one; set SCHEMA_REGISTRY_URL)');
    selected = selected.filter((name) => name !== 'loyalty-service');
  }

  const admin: Admin = createKafka({ brokers: opts.brokers, clientId: clientId(namespace, 'order-service') + '-admin', log }).admin();
  await admin.connect();
  try {
    const created = await ensureTopics(admin, topicSpecs(topics));
    if (created.length > 0) log(`[demo] created topics: ${created.join(', ')}`);
  } finally {
    await admin.disconnect();
  }

  const orderService = selected.includes('order-service') ? createOrderService(ctx) : null;
  const projection = selected.includes('order-projection') ? createOrderProjection(ctx) : null;
  const factories: Record<ServiceName, () => DemoService> = {
    'order-service': () => orderService!,
    'payment-service': () => createPaymentService(ctx),
    'inventory-service': () => createInventoryService(ctx),
    'shipping-service': () => createShippingService(ctx),
    'notification-service': () => createNotificationService(ctx),
    'order-projection': () => projection!,
    'loyalty-service': () => createLoyaltyService(ctx, Promise.resolve(opts.schemaRegistry ?? null)),
  };
  const services = new Map<ServiceName, DemoService>(selected.map((name) => [name, factories[name]()]));
  const paused = new Set<ServiceName>();

  const disposeAll = async () => {
    // Stop placing orders first, then the consumers, all at once.
    await orderService?.stop();
    await Promise.allSettled([...services.values()].map((s) => s.stop()));
    await Promise.allSettled([...services.values()].map((s) => s.dispose?.()));
  };

  const started = Date.now();
  try {
    await Promise.all([...services.values()].map((s) => s.start()));
  } catch (err) {
    await disposeAll();
    throw err;
  }
  log(`[demo] ${selected.join(', ')} running${namespace ? ` in namespace "${namespace}"` : ''} after ${Date.now() - started} ms`);

  const service = (name: ServiceName): DemoService => {
    const found = services.get(name);
    if (!found) throw new Error(`${name} does not run in this process (running: ${selected.join(', ')})`);
    return found;
  };
  const orders = () => {
    if (!orderService) throw new Error('order-service does not run in this process');
    return orderService;
  };

  const knobs: DemoKnobs = {
    setSlow: (name, ms) => service(name).setSlow(ms),
    pauseGroup: (name) => {
      service(name).pause();
      paused.add(name);
    },
    resumeGroup: (name) => {
      service(name).resume();
      paused.delete(name);
    },
    stopService: (name) => service(name).stop(),
    startService: async (name) => {
      await service(name).start();
      // A service restarted while its group was paused comes back paused.
      if (paused.has(name)) service(name).pause();
    },
    setPoisonRate: (fraction) => knobs.setBehaviour({ poisonRate: fraction }),
    setRate: (rate) => knobs.setBehaviour({ rate }),
    burst: (ordersPerSecond, seconds) => orders().burst(ordersPerSecond, seconds),
    setBehaviour: (patch) => {
      validateBehaviour(patch);
      for (const [key, value] of Object.entries(patch)) {
        if (value !== undefined && key in behaviour) behaviour[key as keyof Behaviour] = value;
      }
    },
    getKnobs: () => {
      const burst = orderService?.stats().burst as { ordersPerSecond: number; until: number } | null | undefined;
      const perService: Partial<Record<ServiceName, ServiceKnobs>> = {};
      for (const [name, s] of services) {
        const { state, slowMsPerMessage } = s.stats();
        perService[name] = { running: state === 'running' || state === 'paused', paused: paused.has(name), slowMsPerMessage };
      }
      return {
        ...behaviour,
        burst: burst ? { ordersPerSecond: burst.ordersPerSecond, until: new Date(burst.until).toISOString() } : null,
        services: perService,
      };
    },
  };

  let stopping: Promise<void> | null = null;
  return {
    namespace,
    topics,
    groups: Object.fromEntries(serviceNames.map((name) => [name, groupId(namespace, name)])) as Record<ServiceName, string>,
    services: selected,
    subscriptions: Object.fromEntries([...services].map(([name, s]) => [name, s.subscriptions])),
    knobs,
    orderProjection: projection,
    stats: () => ({
      at: Date.now(),
      services: Object.fromEntries([...services].map(([name, s]) => [name, s.stats()])),
      projection: projection?.freshness() ?? null,
    }),
    placeOrder: (placeOpts) => orders().placeOrder(placeOpts),
    stop: () => {
      stopping ??= disposeAll().then(() => log('[demo] stopped'));
      return stopping;
    },
  };
}
