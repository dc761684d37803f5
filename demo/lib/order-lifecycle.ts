// The life of an order, as recorded in the event-sourced `order-events` stream.
//
// order-service appends one `OrderStatusChanged` event per fact it learns about an order
// (placed, paid, reserved, shipped, ...), keyed by the order id, so the whole history of an
// order sits in one partition in order. The current state of an order is a left fold over its
// events — `foldOrder` — and the read model (order-projection) is the same fold applied to
// every order.
//
// The facts come from different topics, so they may reach order-service out of causal order
// (a payment can be read before the order it pays for). The fold is therefore written to be
// order-insensitive: the status is the furthest stage reached, and a redriven dead letter that
// later succeeds moves the order forward again.
import type { OrderStatus, OrderStatusChanged } from './events';

const stage: Record<OrderStatus, number> = {
  placed: 0,
  failed: 1,
  paid: 2,
  payment_declined: 2,
  reserved: 3,
  out_of_stock: 3,
  shipped: 4,
};

export interface OrderState {
  orderId: string;
  status: OrderStatus;
  /** occurredAt of the OrderPlaced fact, once seen. */
  placedAt: string | null;
  /** Latest occurredAt seen. */
  updatedAt: string;
  total: number | null;
  currency: string | null;
  /** Reason of the last failure (declined, out of stock, dead-lettered). */
  reason: string | null;
}

/** Applies one event to an order's state (`undefined` for a new order). Pure. */
export function applyOrderEvent(state: OrderState | undefined, event: OrderStatusChanged): OrderState {
  const current: OrderState = state ?? {
    orderId: event.orderId,
    status: event.status,
    placedAt: null,
    updatedAt: event.occurredAt,
    total: null,
    currency: null,
    reason: null,
  };
  const next: OrderState = { ...current };
  if (state === undefined || stage[event.status] >= stage[current.status]) {
    next.status = event.status;
    if (event.reason !== undefined) next.reason = event.reason;
  }
  if (event.status === 'placed') {
    next.placedAt = event.occurredAt;
    next.total = event.total ?? next.total;
    next.currency = event.currency ?? next.currency;
  }
  if (event.occurredAt > next.updatedAt) next.updatedAt = event.occurredAt;
  return next;
}

/** The state of one order from its history. */
export function foldOrder(events: Iterable<OrderStatusChanged>): OrderState | undefined {
  let state: OrderState | undefined;
  for (const event of events) state = applyOrderEvent(state, event);
  return state;
}

export function emptyStatusCounts(): Record<OrderStatus, number> {
  return { placed: 0, failed: 0, paid: 0, payment_declined: 0, reserved: 0, out_of_stock: 0, shipped: 0 };
}
