// inventory-service: reserves stock for paid orders.
//
//   payments ─► inventory-service ─► inventory (StockReserved | OutOfStock)
import { ConsumerService } from '../lib/consumer-service';
import { fractionOf, kafkaFor, type DemoService, type ServiceContext } from '../lib/context';
import { groupId } from '../lib/names';

export function createInventoryService(ctx: ServiceContext): DemoService {
  const { topics, behaviour } = ctx;
  return new ConsumerService({
    name: 'inventory-service',
    kafka: kafkaFor(ctx, 'inventory-service'),
    groupId: groupId(ctx.namespace, 'inventory-service'),
    topics: [topics.payments],
    log: ctx.log,
    fetch: ctx.fetch,
    handle: ({ event }, emit) => {
      if (event.type !== 'PaymentAuthorized') return; // declined payments reserve nothing
      // The items travel on the payment event (event-carried state): no call back to orders.
      if (fractionOf(event.orderId, 'stock') < behaviour.outOfStockRate) {
        const sku = event.items[event.items.length - 1]!.sku;
        emit(topics.inventory, { type: 'OutOfStock', version: 1, orderId: event.orderId, sku });
        return;
      }
      emit(topics.inventory, {
        type: 'StockReserved',
        version: 1,
        orderId: event.orderId,
        reservationId: `res-${event.orderId}`,
        items: event.items,
      });
    },
  });
}
