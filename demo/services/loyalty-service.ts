// loyalty-service: awards points when an order ships, in Avro through the schema registry.
//
//   shipments ─► loyalty-service ─► loyalty (LoyaltyPointsAwarded, Avro, wire format)
//
// The team behind it runs Confluent's serializers rather than the shop's JSON envelope:
// values are Avro records in the registry's wire format, and the headers are Eventline's
// plain ones (`x-event-id`, `x-correlation-id`, `x-causation-id`, `x-source`) with no event
// type — the registry's record name and version say what the event is. The correlation id
// is the order's, so the award stitches into the order's trace.
//
// It starts writing v1 of its schema and switches to v2 (a field added, with a default) by
// itself after `behaviour.loyaltyV2AfterMs`, or at once when that is set to 0: the catalog
// then shows both versions side by side. It needs a registry: until the registry answers,
// it waits (without holding up the other services); with none, it sits out.
import type { Message } from 'kafkajs';
import { ConsumerService } from '../lib/consumer-service';
import { fractionOf, kafkaFor, type DemoService, type ServiceContext } from '../lib/context';
import type { EventMeta } from '../lib/envelope';
import { loyaltyTiers, type LoyaltyPointsAwarded, type ShopEvent } from '../lib/events';
import { createLoyaltyAvroWriter, type DemoRegistrySettings, type LoyaltyAvroWriter } from '../lib/loyalty-avro';
import { groupId } from '../lib/names';

export function createLoyaltyService(ctx: ServiceContext, registry: Promise<DemoRegistrySettings | null>): DemoService {
  const { topics, log } = ctx;
  let writer: LoyaltyAvroWriter | null = null;
  let writingSince = 0;
  let upgrading: Promise<void> | null = null;

  const recordFor = (event: ShopEvent, meta: Omit<EventMeta, 'type'>): Message => ({
    key: event.orderId,
    value: writer!.encode(event as LoyaltyPointsAwarded),
    headers: {
      'x-event-id': meta.id,
      'x-source': meta.source,
      'x-correlation-id': meta.correlationId,
      ...(meta.causationId ? { 'x-causation-id': meta.causationId } : {}),
    },
  });

  /** v2 once its time has come: registered once, then every record is written with it. */
  const upgradeWhenDue = async () => {
    if (!writer || writer.version === 2 || Date.now() - writingSince < ctx.behaviour.loyaltyV2AfterMs) return;
    upgrading ??= writer.upgrade().then(
      () => log(`[loyalty-service] writing LoyaltyPointsAwarded v2 now (${writer!.subject}, schema id ${writer!.schemaId})`),
      (err: Error) => {
        upgrading = null; // tried again with the next shipment
        throw err;
      },
    );
    await upgrading;
  };

  const inner = new ConsumerService({
    name: 'loyalty-service',
    kafka: kafkaFor(ctx, 'loyalty-service'),
    groupId: groupId(ctx.namespace, 'loyalty-service'),
    topics: [topics.shipments],
    log,
    fetch: ctx.fetch,
    recordFor,
    extraStats: () => ({ schemaVersion: writer?.version ?? null, schemaId: writer?.schemaId ?? null }),
    handle: async ({ event, timestamp }, emit) => {
      if (event.type !== 'OrderShipped') return;
      await upgradeWhenDue();
      emit(topics.loyalty, {
        type: 'LoyaltyPointsAwarded',
        version: writer!.version,
        orderId: event.orderId,
        shipmentId: event.shipmentId,
        points: 10 + Math.floor(fractionOf(event.orderId, 'points') * 90),
        awardedAt: timestamp,
        tier: loyaltyTiers[Math.floor(fractionOf(event.orderId, 'tier') * loyaltyTiers.length)]!,
      });
    },
  });

  let wanted = false;
  let starting: Promise<void> | null = null;
  // The registry may still be starting (the console's local one takes a while): the first
  // start waits for it in the background, so the shop does not wait with it.
  const ready: Promise<LoyaltyAvroWriter | null> = registry.then(async (settings) => {
    if (!settings) {
      log('[demo] loyalty-service skipped: no schema registry (it writes Avro through one; set SCHEMA_REGISTRY_URL)');
      return null;
    }
    writer = await createLoyaltyAvroWriter(settings, topics.loyalty);
    writingSince = Date.now();
    log(`[loyalty-service] writing LoyaltyPointsAwarded v1 (${writer.subject}, schema id ${writer.schemaId})`);
    return writer;
  }).catch((err: Error) => {
    log(`[demo] loyalty-service sits out: the schema registry did not take its schema: ${err.message}`);
    return null;
  });

  return {
    name: 'loyalty-service',
    subscriptions: inner.subscriptions,
    async start() {
      wanted = true;
      if (writer) return inner.start();
      // Not awaited: stopping the demo must not wait for a registry that is still starting.
      void ready.then((w) => {
        if (!w || !wanted) return;
        starting = inner
          .start()
          .catch((err: Error) => log(`[loyalty-service] could not start: ${err.message}`))
          .finally(() => (starting = null));
      });
    },
    async stop() {
      wanted = false;
      await starting;
      await inner.stop();
    },
    pause: () => inner.pause(),
    resume: () => inner.resume(),
    setSlow: (ms) => inner.setSlow(ms),
    stats: () => inner.stats(),
  };
}
