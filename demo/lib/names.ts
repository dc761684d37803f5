// Names of the demo's services, topics and consumer groups.
//
// Everything the demo creates in Kafka lives under an optional namespace, so tests, benchmarks
// and a running demo can share one broker without seeing each other's records:
// namespace "t42" gives topics "t42.orders", "t42.payments", ... and groups "t42.payment-service".

export const serviceNames = [
  'order-service',
  'payment-service',
  'inventory-service',
  'shipping-service',
  'notification-service',
  'order-projection',
  'loyalty-service',
] as const;
export type ServiceName = (typeof serviceNames)[number];

export function isServiceName(value: string): value is ServiceName {
  return (serviceNames as readonly string[]).includes(value);
}

export interface TopicNames {
  orders: string;
  payments: string;
  paymentsRetry: string;
  paymentsDlq: string;
  inventory: string;
  shipments: string;
  orderEvents: string;
  /** loyalty-service's Avro events, written through the schema registry. */
  loyalty: string;
}

const baseTopics: TopicNames = {
  orders: 'orders',
  payments: 'payments',
  paymentsRetry: 'payments.retry',
  paymentsDlq: 'payments.DLQ',
  inventory: 'inventory',
  shipments: 'shipments',
  orderEvents: 'order-events',
  loyalty: 'loyalty',
};

const namespacePattern = /^[A-Za-z0-9_-]{1,100}$/;

export function assertValidNamespace(namespace: string): void {
  if (namespace !== '' && !namespacePattern.test(namespace)) {
    throw new Error(
      `Invalid demo namespace "${namespace}": use 1-100 letters, digits, "_" or "-" (it prefixes topic names)`,
    );
  }
}

function prefixed(namespace: string, name: string): string {
  return namespace === '' ? name : `${namespace}.${name}`;
}

export function topicNames(namespace = ''): TopicNames {
  assertValidNamespace(namespace);
  const entries = Object.entries(baseTopics).map(([role, name]) => [role, prefixed(namespace, name)]);
  return Object.fromEntries(entries) as unknown as TopicNames;
}

/** Each service is its own consumer group, as separately deployed services would be. */
export function groupId(namespace: string, service: ServiceName): string {
  return prefixed(namespace, service);
}

/** The kafkajs clientId, which the broker shows next to each group member. */
export function clientId(namespace: string, service: ServiceName): string {
  return prefixed(namespace, service);
}
