// payment-service: charges each order and says whether the payment went through.
//
//   orders ─► payment-service ─► payments (PaymentAuthorized | PaymentDeclined)
//                 │   ▲
//                 ▼   │ transient failures, after a back-off
//            payments.retry ──after N attempts, or bad input──► payments.DLQ
import { ConsumerService } from '../lib/consumer-service';
import { fractionOf, kafkaFor, type Behaviour, type DemoService, type ServiceContext } from '../lib/context';
import type { OrderPlaced } from '../lib/events';
import { groupId } from '../lib/names';
import { RetryableError } from '../lib/retry';

/** A card token the simulated gateway always fails on with a 500: the demo's poison message. */
export const POISON_PAYMENT_TOKEN = 'tok_poison';

type GatewayAnswer = { authorized: true } | { authorized: false; reason: string };

/** A stand-in for a payment gateway: flaky, and deterministic about who gets declined. */
function chargeCard(order: OrderPlaced, behaviour: Behaviour): GatewayAnswer {
  if (order.paymentToken === POISON_PAYMENT_TOKEN) {
    throw new RetryableError(`payment gateway answered HTTP 500 for token ${order.paymentToken}`);
  }
  if (Math.random() < behaviour.transientFailureRate) {
    throw new RetryableError('payment gateway timed out after 2000 ms');
  }
  if (fractionOf(order.orderId, 'decline') < behaviour.declineRate) {
    return { authorized: false, reason: 'card declined by issuer' };
  }
  return { authorized: true };
}

export function createPaymentService(ctx: ServiceContext): DemoService {
  const { topics, behaviour } = ctx;
  return new ConsumerService({
    name: 'payment-service',
    kafka: kafkaFor(ctx, 'payment-service'),
    groupId: groupId(ctx.namespace, 'payment-service'),
    topics: [topics.orders, topics.paymentsRetry],
    retry: { topic: topics.paymentsRetry, policy: ctx.retryPolicy },
    deadLetterTopic: topics.paymentsDlq,
    log: ctx.log,
    fetch: ctx.fetch,
    handle: ({ event }, emit) => {
      if (event.type !== 'OrderPlaced') return; // a tolerant reader ignores what it does not handle
      // v1 and v2 are both accepted; v2's `channel` does not matter for payment.
      const answer = chargeCard(event, behaviour);
      if (answer.authorized) {
        emit(topics.payments, {
          type: 'PaymentAuthorized',
          version: 1,
          orderId: event.orderId,
          paymentId: `pay-${event.orderId}`,
          amount: event.total,
          currency: event.currency,
          items: event.items,
        });
      } else {
        emit(topics.payments, { type: 'PaymentDeclined', version: 1, orderId: event.orderId, reason: answer.reason });
      }
    },
  });
}
