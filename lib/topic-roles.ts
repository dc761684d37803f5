// What a topic is for, told by its name: shared by the collector (trace error flags, flow
// rollups) and the flow map (retry and dead-letter topics are drawn apart).

/** A topic is a dead-letter or retry topic by its name. */
export const DLQ_TOPIC = /(^|[._-])(dlq|dead[._-]?letter|deadletter)($|[._-])/i;
export const RETRY_TOPIC = /(^|[._-])retry($|[._-])/i;
/** Kafka's own and the usual framework-internal topics (the collector skips the same). */
export const INTERNAL_TOPIC = /^__|^_schemas$|-changelog$|-repartition$/;

export type TopicRole = 'dlq' | 'retry' | 'internal' | 'plain';

export function topicRole(name: string, internal = false): TopicRole {
  if (internal || INTERNAL_TOPIC.test(name)) return 'internal';
  if (DLQ_TOPIC.test(name)) return 'dlq';
  if (RETRY_TOPIC.test(name)) return 'retry';
  return 'plain';
}
