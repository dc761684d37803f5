// What every service is built from, and the interface the demo drives them through.
import type { Kafka } from 'kafkajs';
import { createHash } from 'node:crypto';
import { createKafka, type Log } from './kafka';
import { clientId, type ServiceName, type TopicNames } from './names';
import type { RetryPolicy } from './retry';
import type { FetchTuning, ServiceStats } from './consumer-service';

/** Business behaviour and chaos settings; read live by the services, so changes apply at once. */
export interface Behaviour {
  /** Orders per second placed by order-service (a burst overrides it for a while). */
  rate: number;
  /** Share of orders that carry a poison payment token: they always fail and end in the DLQ. */
  poisonRate: number;
  /** Share of events that producers send twice, as after a timeout, to exercise idempotency. */
  resendRate: number;
  /** Share of order-service producers "already upgraded" to OrderPlaced v2. */
  v2Share: number;
  /** Chance that one payment attempt fails transiently (and is retried). */
  transientFailureRate: number;
  /** Share of orders whose payment is declined (decided per order, repeatably). */
  declineRate: number;
  /** Share of paid orders that are out of stock (decided per order, repeatably). */
  outOfStockRate: number;
  /** loyalty-service switches from v1 to v2 of its Avro schema this long after it starts writing (0: at once). */
  loyaltyV2AfterMs: number;
}

export const defaultBehaviour: Behaviour = {
  rate: 5,
  poisonRate: 0.01,
  resendRate: 0.01,
  v2Share: 0.3,
  transientFailureRate: 0.02,
  declineRate: 0.05,
  outOfStockRate: 0.03,
  loyaltyV2AfterMs: 120_000,
};

export interface ServiceContext {
  brokers: string[];
  namespace: string;
  topics: TopicNames;
  behaviour: Behaviour;
  retryPolicy: RetryPolicy;
  fetch?: FetchTuning;
  log: Log;
}

export function kafkaFor(ctx: ServiceContext, service: ServiceName): Kafka {
  return createKafka({ brokers: ctx.brokers, clientId: clientId(ctx.namespace, service), log: ctx.log });
}

/** What the demo can do with any service. */
export interface DemoService {
  readonly name: ServiceName;
  /** Topics its consumer group reads. */
  readonly subscriptions: readonly string[];
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Pauses the service's consumer group (it stays a member, lag grows). */
  pause(): void;
  resume(): void;
  setSlow(msPerMessage: number): void;
  stats(): ServiceStats & Record<string, unknown>;
  /** Releases what outlives stop(), if anything (called once, when the demo stops). */
  dispose?(): Promise<void>;
}

/**
 * A number in [0, 1) decided by its inputs: the same order always gets the same answer, so
 * re-processing an order after a crash reaches the same decision (declined stays declined).
 */
export function fractionOf(...parts: string[]): number {
  return createHash('sha1').update(parts.join('\u0000')).digest().readUInt32BE(0) / 2 ** 32;
}
