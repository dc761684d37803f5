// notification-service: tells customers what happened to their order. Produces nothing.
//
//   payments ──┐
//   inventory ─┼─► notification-service ─► (e-mail, push: simulated)
//   shipments ─┘
//
// Publish/subscribe fan-out: it reads the same topics as inventory-service and order-service,
// in its own consumer group, so it gets every event without taking any from them.
import { ConsumerService } from '../lib/consumer-service';
import { kafkaFor, type DemoService, type ServiceContext } from '../lib/context';
import type { ShopEventType } from '../lib/events';
import { groupId } from '../lib/names';

const messages: Partial<Record<ShopEventType, string>> = {
  PaymentAuthorized: 'Thank you, your payment was received.',
  PaymentDeclined: 'Your payment was declined.',
  OutOfStock: 'Sorry, an item of your order is out of stock.',
  OrderShipped: 'Your order is on its way.',
};

export function createNotificationService(ctx: ServiceContext): DemoService {
  const { topics } = ctx;
  const sent: Record<string, number> = {};
  return new ConsumerService({
    name: 'notification-service',
    kafka: kafkaFor(ctx, 'notification-service'),
    groupId: groupId(ctx.namespace, 'notification-service'),
    topics: [topics.payments, topics.inventory, topics.shipments],
    log: ctx.log,
    fetch: ctx.fetch,
    extraStats: () => ({ notificationsSent: { ...sent } }),
    handle: ({ event }) => {
      const text = messages[event.type];
      if (text === undefined) return; // e.g. StockReserved: nothing to tell yet
      // A real service would call an e-mail or push provider here.
      sent[event.type] = (sent[event.type] ?? 0) + 1;
    },
  });
}
