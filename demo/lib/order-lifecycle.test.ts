import { describe, expect, it } from 'vitest';
import type { OrderStatus, OrderStatusChanged } from './events';
import { applyOrderEvent, foldOrder } from './order-lifecycle';

let second = 0;
const change = (status: OrderStatus, extra: Partial<OrderStatusChanged> = {}): OrderStatusChanged => ({
  type: 'OrderStatusChanged',
  version: 1,
  orderId: 'o-1',
  status,
  occurredAt: `2025-05-01T10:00:${String(second++ % 60).padStart(2, '0')}.000Z`,
  ...extra,
});

describe('foldOrder', () => {
  it('folds a history into the current state', () => {
    second = 0;
    const state = foldOrder([change('placed', { total: 25, currency: 'EUR' }), change('paid'), change('reserved'), change('shipped')]);
    expect(state).toEqual({
      orderId: 'o-1',
      status: 'shipped',
      placedAt: '2025-05-01T10:00:00.000Z',
      updatedAt: '2025-05-01T10:00:03.000Z',
      total: 25,
      currency: 'EUR',
      reason: null,
    });
  });

  it('gets the same status when facts arrive out of order', () => {
    second = 0;
    const placed = change('placed', { total: 10 });
    const paid = change('paid');
    const reserved = change('reserved');
    expect(foldOrder([reserved, placed, paid])).toMatchObject({ status: 'reserved', placedAt: placed.occurredAt, total: 10 });
  });

  it('is idempotent: applying an event twice changes nothing', () => {
    second = 0;
    const placed = change('placed');
    const declined = change('payment_declined', { reason: 'card declined' });
    const once = foldOrder([placed, declined]);
    expect(applyOrderEvent(once, declined)).toEqual(once);
    expect(once).toMatchObject({ status: 'payment_declined', reason: 'card declined' });
  });

  it('moves a dead-lettered order forward when it is redriven and succeeds', () => {
    second = 0;
    expect(foldOrder([change('placed'), change('failed', { reason: 'HTTP 500' }), change('paid')])?.status).toBe('paid');
  });

  it('has no state without events', () => {
    expect(foldOrder([])).toBeUndefined();
  });
});
