// The event catalogue: every event type the shop emits, as zod schemas.
//
// Each event is a JSON object carrying its own versioned type (`type` + `version`), so a record
// can be understood without its headers. Readers are tolerant: unknown fields are ignored, and
// a consumer accepts every version it knows (OrderPlaced v1 and v2 below) — that is how a fleet
// survives a rolling upgrade where only some producers emit the new version.
import { z } from 'zod';

const money = z.number().nonnegative();
const currency = z.string().length(3);

const orderItem = z.object({
  sku: z.string().min(1),
  quantity: z.number().int().positive(),
  unitPrice: money,
});
export type OrderItem = z.infer<typeof orderItem>;

export const OrderPlacedV1 = z.object({
  type: z.literal('OrderPlaced'),
  version: z.literal(1),
  orderId: z.string().min(1),
  customerId: z.string().min(1),
  items: z.array(orderItem).min(1),
  total: money,
  currency,
  /** Opaque token for the payment gateway. */
  paymentToken: z.string().min(1),
});

/** v2 adds the sales channel. Emitted by the share of order-service producers already upgraded. */
export const OrderPlacedV2 = OrderPlacedV1.extend({
  version: z.literal(2),
  channel: z.enum(['web', 'app', 'store']),
});

export const PaymentAuthorizedV1 = z.object({
  type: z.literal('PaymentAuthorized'),
  version: z.literal(1),
  orderId: z.string().min(1),
  paymentId: z.string().min(1),
  amount: money,
  currency,
  /** Event-carried state: inventory-service needs the items and should not have to ask for them. */
  items: z.array(orderItem).min(1),
});

export const PaymentDeclinedV1 = z.object({
  type: z.literal('PaymentDeclined'),
  version: z.literal(1),
  orderId: z.string().min(1),
  reason: z.string(),
});

export const StockReservedV1 = z.object({
  type: z.literal('StockReserved'),
  version: z.literal(1),
  orderId: z.string().min(1),
  reservationId: z.string().min(1),
  items: z.array(orderItem).min(1),
});

export const OutOfStockV1 = z.object({
  type: z.literal('OutOfStock'),
  version: z.literal(1),
  orderId: z.string().min(1),
  sku: z.string().min(1),
});

export const OrderShippedV1 = z.object({
  type: z.literal('OrderShipped'),
  version: z.literal(1),
  orderId: z.string().min(1),
  shipmentId: z.string().min(1),
  carrier: z.string(),
  trackingNumber: z.string(),
});

/**
 * loyalty-service's event. Unlike the others it travels in Avro through the schema registry
 * (lib/loyalty-avro.ts), where its version is the registry's: v2 adds the customer's tier.
 */
export const LoyaltyPointsAwardedV1 = z.object({
  type: z.literal('LoyaltyPointsAwarded'),
  version: z.literal(1),
  orderId: z.string().min(1),
  shipmentId: z.string().min(1),
  points: z.number().int().nonnegative(),
  /** Epoch milliseconds. */
  awardedAt: z.number().int(),
});

export const loyaltyTiers = ['STANDARD', 'SILVER', 'GOLD'] as const;

export const LoyaltyPointsAwardedV2 = LoyaltyPointsAwardedV1.extend({
  version: z.literal(2),
  tier: z.enum(loyaltyTiers),
});

export const orderStatuses = [
  'placed',
  'failed',
  'paid',
  'payment_declined',
  'reserved',
  'out_of_stock',
  'shipped',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

/** The one event type of the event-sourced `order-events` stream (see order-lifecycle.ts). */
export const OrderStatusChangedV1 = z.object({
  type: z.literal('OrderStatusChanged'),
  version: z.literal(1),
  orderId: z.string().min(1),
  status: z.enum(orderStatuses),
  /** When the fact that caused this change happened (the `ce_time` of the causing event). */
  occurredAt: z.string(),
  reason: z.string().optional(),
  total: money.optional(),
  currency: currency.optional(),
});

export type OrderPlaced = z.infer<typeof OrderPlacedV1> | z.infer<typeof OrderPlacedV2>;
export type PaymentAuthorized = z.infer<typeof PaymentAuthorizedV1>;
export type PaymentDeclined = z.infer<typeof PaymentDeclinedV1>;
export type StockReserved = z.infer<typeof StockReservedV1>;
export type OutOfStock = z.infer<typeof OutOfStockV1>;
export type OrderShipped = z.infer<typeof OrderShippedV1>;
export type OrderStatusChanged = z.infer<typeof OrderStatusChangedV1>;
export type LoyaltyPointsAwarded = z.infer<typeof LoyaltyPointsAwardedV1> | z.infer<typeof LoyaltyPointsAwardedV2>;

export type ShopEvent =
  | OrderPlaced
  | PaymentAuthorized
  | PaymentDeclined
  | StockReserved
  | OutOfStock
  | OrderShipped
  | OrderStatusChanged
  | LoyaltyPointsAwarded;
export type ShopEventType = ShopEvent['type'];

const schemas = new Map<string, z.ZodType<ShopEvent>>(
  [
    OrderPlacedV1,
    OrderPlacedV2,
    PaymentAuthorizedV1,
    PaymentDeclinedV1,
    StockReservedV1,
    OutOfStockV1,
    OrderShippedV1,
    OrderStatusChangedV1,
    LoyaltyPointsAwardedV1,
    LoyaltyPointsAwardedV2,
  ].map((schema) => [`${schema.shape.type.value}/${schema.shape.version.value}`, schema as z.ZodType<ShopEvent>]),
);

/** The CloudEvents `ce_type` of an event: reverse-DNS-ish name with the version at the end. */
export function cloudEventType(event: Pick<ShopEvent, 'type' | 'version'>): string {
  return `shop.${event.type}.v${event.version}`;
}

export type DecodeResult = { ok: true; event: ShopEvent } | { ok: false; error: string };

/** Parses a record value into a known event. Never throws: bad input is a result, not a crash. */
export function decodeEvent(value: Buffer | null): DecodeResult {
  if (value === null) return { ok: false, error: 'empty record value (tombstone)' };
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch (err) {
    return { ok: false, error: `malformed JSON: ${(err as Error).message}` };
  }
  if (typeof json !== 'object' || json === null) return { ok: false, error: 'event is not a JSON object' };
  const { type, version } = json as { type?: unknown; version?: unknown };
  const schema = schemas.get(`${String(type)}/${String(version)}`);
  if (!schema) return { ok: false, error: `unknown event type ${String(type)} v${String(version)}` };
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `invalid ${String(type)} v${String(version)}: ${issue?.path.join('.')} ${issue?.message}` };
  }
  return { ok: true, event: parsed.data };
}

export function encodeEvent(event: ShopEvent): Buffer {
  return Buffer.from(JSON.stringify(event));
}
