import type { ExtractLimits, IdConventions } from './types';

/** The conventions table of DESIGN.md. */
export const defaultConventions: IdConventions = {
  eventId: { headers: ['ce_id', 'x-event-id', 'event-id', 'message-id'], paths: ['id', 'eventId', 'metadata.eventId'] },
  correlationId: {
    headers: ['x-correlation-id', 'correlation-id', 'correlationId', 'ce_correlationid'],
    paths: ['correlationId', 'metadata.correlationId'],
    traceparent: true,
  },
  causationId: { headers: ['x-causation-id', 'causation-id', 'causationId', 'ce_causationid'], paths: ['causationId', 'metadata.causationId'] },
  eventType: { headers: ['ce_type', 'x-event-type', 'event-type'], paths: ['type', 'eventType'] },
  eventVersion: { headers: ['ce_dataschemaversion', 'x-event-version', 'event-version'], paths: ['version', 'eventVersion'] },
  source: { headers: ['ce_source', 'x-source', 'x-service', 'producer'], paths: ['source'] },
};

export const defaultLimits: ExtractLimits = {
  payloadPreviewBytes: 64 * 1024,
  headerValueBytes: 4 * 1024,
  maxHeaders: 64,
  keyBytes: 1024,
};

/**
 * | option | default | meaning |
 * |---|---|---|
 * | include | `[/.*​/]` | topic patterns to read |
 * | exclude | internal topics (`__*`, `_schemas`, `*-changelog`, `*-repartition`) | topic patterns to skip |
 * | groupId | `eventline-collector` | the collectors' consumer group; processes with one group share partitions |
 * | cluster | `default` | the cluster name stored with each event |
 * | topicRefreshMs | 10 000 | how often new topics are looked for |
 * | sessionTimeoutMs | 30 000 | how long a crashed process holds its partitions (broker minimum 6 000) |
 * | maxWaitTimeInMs | 250 | fetch wait: low so that a backlog drains quickly |
 * | fromBeginning | true | where a partition with no stored position starts |
 * | restartInitialMs / restartMaxMs | 1 000 / 30 000 | back-off before a crashed consumer is replaced (doubling) |
 * | waitCheckInitialMs / waitCheckMaxMs | 5 000 / 300 000 | back-off before a partition held up by an undecodable batch is read again |
 */
export const defaultCollectorOptions = {
  include: [/.*/] as RegExp[],
  exclude: [/^__/, /^_schemas$/, /-changelog$/, /-repartition$/] as RegExp[],
  groupId: 'eventline-collector',
  cluster: 'default',
  topicRefreshMs: 10_000,
  sessionTimeoutMs: 30_000,
  maxWaitTimeInMs: 250,
  fromBeginning: true,
  restartInitialMs: 1000,
  restartMaxMs: 30_000,
  waitCheckInitialMs: 5000,
  waitCheckMaxMs: 300_000,
};

/** A topic is a dead-letter or retry topic by its name. */
export const DLQ_TOPIC = /(^|[._-])(dlq|dead[._-]?letter|deadletter)($|[._-])/i;
export const RETRY_TOPIC = /(^|[._-])retry($|[._-])/i;
