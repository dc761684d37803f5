// The id conventions Eventline reads out of the box, as data, in order of precedence:
// for each id, the first convention (top to bottom) that yields a value gives it, and the
// event records which one did. docs/architecture.md's precedence table is printed from
// this list (precedence-table.ts) and a test keeps the two equal.
//
// Why this order:
// 1. Framework envelopes and namespaced headers (CloudEvents, NServiceBus, MassTransit,
//    Axon) cannot be mistaken for anything else, and say exactly what each id means.
// 2. Then the generic headers of DESIGN.md (`x-correlation-id`…): explicit, but a name
//    any code may use.
// 3. Then Spring's request/reply id and EventStoreDB metadata: explicit, but narrower.
// 4. Then tracing headers (W3C, B3, Jaeger): every instrumented client adds them, and a
//    batch consumer often starts a new trace, so they only stand in for a correlation id
//    when the record has none of its own. Their span ids are not event ids (a consumer's
//    span sits between two records), so they give no causation.
// 5. Last, generic payload fields (`id`, `type`…): a payload's `id` is often the id of a
//    business entity rather than of the event.
import type { IdParser } from './id-parsers';

export const ID_FIELDS = ['eventId', 'correlationId', 'causationId', 'eventType', 'eventVersion', 'source'] as const;
export type IdField = (typeof ID_FIELDS)[number];

/** Where one id is read: a header (names match case-insensitively) or a JSON path in the payload. */
export type IdSource = ({ header: string; path?: never } | { path: string; header?: never }) & { parse?: IdParser };

/** A marker a record must carry for a convention to apply (all of them). */
export type Marker =
  | { anyHeader: string[]; pattern?: RegExp }
  | { path: string; type: 'array' | 'object' };

export interface IdConvention {
  /** Stable name, stored with each event (`id_sources`) and shown in the UI. */
  name: string;
  title: string;
  /** Custom conventions only: the topics it applies to (any of). */
  topics?: RegExp[];
  when?: Marker[];
  ids: Partial<Record<IdField, IdSource[]>>;
  /** Decisions worth writing down (printed in the precedence table). */
  note?: string;
}

const h = (header: string, parse?: IdParser): IdSource => (parse ? { header, parse } : { header });
const p = (path: string, parse?: IdParser): IdSource => (parse ? { path, parse } : { path });

export const BUILT_IN_CONVENTIONS: IdConvention[] = [
  {
    name: 'cloudevents-structured',
    title: 'CloudEvents, structured mode',
    when: [{ anyHeader: ['content-type'], pattern: /^application\/cloudevents\+json\b/i }],
    ids: {
      eventId: [p('id')],
      correlationId: [p('correlationid')],
      causationId: [p('causationid')],
      eventType: [p('type')],
      eventVersion: [p('dataschemaversion')],
      source: [p('source')],
    },
    note: 'the event is the value (`content-type: application/cloudevents+json`); `correlationid`/`causationid` are the correlation extension',
  },
  {
    name: 'cloudevents-binary',
    title: 'CloudEvents, binary mode',
    ids: {
      eventId: [h('ce_id')],
      correlationId: [h('ce_correlationid')],
      causationId: [h('ce_causationid')],
      eventType: [h('ce_type')],
      eventVersion: [h('ce_dataschemaversion')],
      source: [h('ce_source')],
    },
  },
  {
    name: 'nservicebus',
    title: 'NServiceBus',
    ids: {
      eventId: [h('NServiceBus.MessageId')],
      correlationId: [h('NServiceBus.ConversationId'), h('NServiceBus.CorrelationId')],
      causationId: [h('NServiceBus.RelatedTo')],
      eventType: [h('NServiceBus.EnclosedMessageTypes', 'first-type-name')],
      source: [h('NServiceBus.OriginatingEndpoint')],
    },
    note: 'correlation: `ConversationId` (every message of one conversation shares it), else `CorrelationId`; type: the first enclosed type, without its assembly',
  },
  {
    name: 'masstransit',
    title: 'MassTransit JSON envelope',
    when: [{ path: 'messageType', type: 'array' }, { path: 'message', type: 'object' }],
    ids: {
      eventId: [p('messageId')],
      correlationId: [p('conversationId'), p('correlationId')],
      causationId: [p('initiatorId')],
      eventType: [p('messageType.0')],
      source: [p('sourceAddress')],
    },
    note: 'correlation: `conversationId`, which MassTransit always sets and carries through the whole flow (`correlationId` is set only for `CorrelatedBy` messages and does not flow: used when there is no conversation id); causation: `initiatorId`; the payload is under `message`',
  },
  {
    name: 'masstransit-headers',
    title: 'MassTransit Kafka headers',
    when: [{ anyHeader: ['ConversationId', 'MT-InitiatorId', 'MT-MessageType'] }],
    ids: {
      eventId: [h('MessageId')],
      correlationId: [h('ConversationId'), h('CorrelationId')],
      causationId: [h('MT-InitiatorId')],
      eventType: [h('MT-MessageType')],
      source: [h('MT-Source-Address')],
    },
    note: 'the same choice as the envelope; applies when a MassTransit-only header is present',
  },
  {
    name: 'axon',
    title: 'Axon Kafka headers',
    ids: {
      eventId: [h('axon-message-id')],
      correlationId: [h('axon-metadata-traceId')],
      causationId: [h('axon-metadata-correlationId')],
      eventType: [h('axon-message-type')],
      eventVersion: [h('axon-message-revision')],
    },
    note: "Axon's `traceId` is the root message of the chain (our correlation id) and its `correlationId` the parent message (our causation id)",
  },
  {
    name: 'eventline-headers',
    title: 'Eventline defaults, headers',
    ids: {
      eventId: [h('x-event-id'), h('event-id'), h('message-id')],
      correlationId: [h('x-correlation-id'), h('correlation-id'), h('correlationId')],
      causationId: [h('x-causation-id'), h('causation-id'), h('causationId')],
      eventType: [h('x-event-type'), h('event-type')],
      eventVersion: [h('x-event-version'), h('event-version')],
      source: [h('x-source'), h('x-service'), h('producer')],
    },
  },
  {
    name: 'spring',
    title: 'Spring Kafka',
    ids: {
      correlationId: [h('kafka_correlationId', 'spring-bytes')],
      eventType: [h('__TypeId__')],
    },
    note: '`kafka_correlationId` is bytes: 16 bytes read as a UUID (ReplyingKafkaTemplate\'s default), other printable UTF-8 as text, anything else as hex',
  },
  {
    name: 'eventstoredb',
    title: 'EventStoreDB metadata',
    ids: {
      correlationId: [p('metadata.$correlationId')],
      causationId: [p('metadata.$causationId')],
    },
  },
  {
    name: 'w3c-traceparent',
    title: 'W3C Trace Context',
    ids: { correlationId: [h('traceparent', 'traceparent')] },
    note: 'the trace id',
  },
  {
    name: 'b3',
    title: 'Zipkin B3',
    ids: { correlationId: [h('b3', 'b3-single'), h('X-B3-TraceId', 'b3-trace-id')] },
    note: 'the trace id, single (`b3`) or multi-header form',
  },
  {
    name: 'jaeger',
    title: 'Jaeger',
    ids: { correlationId: [h('uber-trace-id', 'uber-trace-id')] },
    note: 'the trace id, zero-padded to 16 or 32 hex digits',
  },
  {
    name: 'eventline-payload',
    title: 'Eventline defaults, payload',
    ids: {
      eventId: [p('id'), p('eventId'), p('metadata.eventId')],
      correlationId: [p('correlationId'), p('metadata.correlationId')],
      causationId: [p('causationId'), p('metadata.causationId')],
      eventType: [p('type'), p('eventType')],
      eventVersion: [p('version'), p('eventVersion')],
      source: [p('source')],
    },
  },
];

/**
 * Dead-letter copies: headers naming the original record. Stored as the event's
 * `dead_letter_of` (`topic/partition/offset`), so a trace can link the copy to its original.
 */
export interface DeadLetterConvention {
  name: string;
  title: string;
  topic: string;
  partition: string;
  offset: string;
  /** How partition and offset are written. */
  encoding: 'binary' | 'decimal';
}

export const DEAD_LETTER_CONVENTIONS: DeadLetterConvention[] = [
  {
    name: 'spring-dlt',
    title: 'Spring Kafka dead-letter topic',
    topic: 'kafka_dlt-original-topic',
    partition: 'kafka_dlt-original-partition',
    offset: 'kafka_dlt-original-offset',
    encoding: 'binary',
  },
  {
    name: 'connect-dlq',
    title: 'Kafka Connect dead-letter queue',
    topic: '__connect.errors.topic',
    partition: '__connect.errors.partition',
    offset: '__connect.errors.offset',
    encoding: 'decimal',
  },
];
