// shipping-service: ships orders whose stock is reserved.
//
//   inventory ─► shipping-service ─► shipments (OrderShipped)
//
// This service follows W3C Trace Context, as an OpenTelemetry-instrumented team would: the
// events it emits carry the correlation id only as the trace id of `traceparent`, with no
// `x-correlation-id`. Readers of `shipments` must understand both conventions.
import { ConsumerService } from '../lib/consumer-service';
import { fractionOf, kafkaFor, type DemoService, type ServiceContext } from '../lib/context';
import { groupId } from '../lib/names';

const carriers = ['DHL', 'UPS', 'PostNL', 'La Poste'] as const;

export function createShippingService(ctx: ServiceContext): DemoService {
  const { topics } = ctx;
  return new ConsumerService({
    name: 'shipping-service',
    kafka: kafkaFor(ctx, 'shipping-service'),
    groupId: groupId(ctx.namespace, 'shipping-service'),
    topics: [topics.inventory],
    correlationStyle: 'traceparent',
    log: ctx.log,
    fetch: ctx.fetch,
    handle: ({ event }, emit) => {
      if (event.type !== 'StockReserved') return;
      const carrier = carriers[Math.floor(fractionOf(event.orderId, 'carrier') * carriers.length)]!;
      emit(topics.shipments, {
        type: 'OrderShipped',
        version: 1,
        orderId: event.orderId,
        shipmentId: `shp-${event.orderId}`,
        carrier,
        trackingNumber: `${carrier.slice(0, 2).toUpperCase()}${Math.floor(fractionOf(event.orderId, 'tracking') * 1e10)}`,
      });
    },
  });
}
