// The envelope: how an event travels in a Kafka record.
//
// * value   — the event as JSON (events.ts), self-describing with `type` and `version`;
// * key     — the order id, so every event of one order lands in one partition, in order;
// * headers — CloudEvents binary mode (`ce_id`, `ce_type`, `ce_source`, `ce_specversion`,
//             `ce_time`, `content-type`) plus the two ids that stitch a journey together:
//   - correlation: the journey (one order) — `x-correlation-id`, or, for services that follow
//     W3C Trace Context instead, the trace id inside `traceparent`;
//   - causation: `x-causation-id`, the `ce_id` of the event that caused this one (absent on
//     the first event of a journey).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { IHeaders, Message } from 'kafkajs';
import { cloudEventType, encodeEvent, type ShopEvent } from './events';
import { formatTraceparent, isTraceId, parseTraceparent, spanIdForEvent } from './traceparent';

export const H = {
  id: 'ce_id',
  type: 'ce_type',
  source: 'ce_source',
  specVersion: 'ce_specversion',
  time: 'ce_time',
  contentType: 'content-type',
  correlationId: 'x-correlation-id',
  causationId: 'x-causation-id',
  traceparent: 'traceparent',
} as const;

/** Which header carries the correlation id. */
export type CorrelationStyle = 'x-correlation-id' | 'traceparent';

export interface EventMeta {
  /** Unique id of this event (`ce_id`). Consumers deduplicate on it. */
  id: string;
  /** CloudEvents type, e.g. `shop.OrderPlaced.v2`. */
  type: string;
  /** The service that emitted the event. */
  source: string;
  /** ISO-8601 time the event happened. */
  time: string;
  /** The journey this event belongs to: 32 lowercase hex (also a valid W3C trace id). */
  correlationId: string;
  /** `ce_id` of the event that caused this one; null for the first event of a journey. */
  causationId: string | null;
}

export function newEventId(): string {
  return randomUUID();
}

export function newCorrelationId(): string {
  return randomBytes(16).toString('hex');
}

/**
 * A UUID derived from its inputs (name-based, like UUID v5 but without a namespace UUID).
 *
 * Consumers give each event they emit the id `derivedEventId(service, id of the cause, n)`.
 * If a consumer crashes after sending but before committing, it processes the same input
 * again and emits the *same* ids, so the duplicates it sends are caught by the idempotent
 * consumers downstream instead of forking the journey.
 */
export function derivedEventId(...parts: string[]): string {
  const hex = createHash('sha1').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function eventHeaders(meta: EventMeta, style: CorrelationStyle): Record<string, string> {
  const headers: Record<string, string> = {
    [H.specVersion]: '1.0',
    [H.id]: meta.id,
    [H.type]: meta.type,
    [H.source]: meta.source,
    [H.time]: meta.time,
    [H.contentType]: 'application/json',
  };
  if (style === 'x-correlation-id') {
    headers[H.correlationId] = meta.correlationId;
  } else {
    headers[H.traceparent] = formatTraceparent({
      traceId: meta.correlationId,
      parentId: spanIdForEvent(meta.id),
      sampled: true,
    });
  }
  if (meta.causationId !== null) headers[H.causationId] = meta.causationId;
  return headers;
}

/** A ready-to-send Kafka record for an event. */
export function eventRecord(
  event: ShopEvent,
  meta: Omit<EventMeta, 'type'>,
  style: CorrelationStyle,
): Message & { headers: Record<string, string> } {
  return {
    key: event.orderId,
    value: encodeEvent(event),
    headers: eventHeaders({ ...meta, type: cloudEventType(event) }, style),
  };
}

/** One header as a string. kafkajs gives Buffers, and an array when a key is repeated (last wins). */
export function headerString(headers: IHeaders | undefined, name: string): string | undefined {
  const raw = headers?.[name];
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : value.toString('utf8');
}

/** The correlation id of a record: `x-correlation-id`, else the trace id of `traceparent`. */
export function correlationIdOf(headers: IHeaders | undefined): string | undefined {
  const explicit = headerString(headers, H.correlationId);
  if (explicit) return explicit;
  const traceparent = headerString(headers, H.traceparent);
  return traceparent ? parseTraceparent(traceparent)?.traceId : undefined;
}

export type ReadMetaResult = { ok: true; meta: EventMeta } | { ok: false; error: string };

/** Reads the envelope headers of a consumed record. Never throws. */
export function readEventMeta(headers: IHeaders | undefined): ReadMetaResult {
  const id = headerString(headers, H.id);
  if (!id) return { ok: false, error: `missing ${H.id} header` };
  const correlationId = correlationIdOf(headers);
  if (!correlationId || !isTraceId(correlationId)) {
    return { ok: false, error: `missing or invalid correlation id (${H.correlationId} or ${H.traceparent})` };
  }
  return {
    ok: true,
    meta: {
      id,
      type: headerString(headers, H.type) ?? '',
      source: headerString(headers, H.source) ?? '',
      time: headerString(headers, H.time) ?? '',
      correlationId,
      causationId: headerString(headers, H.causationId) ?? null,
    },
  };
}
