import { copyWriterSql } from './copy-writer-sql';
import { DLQ_TOPIC, RETRY_TOPIC } from './defaults';

/** The two patterns traceSummarySql's placeholders stand for: dead-letter topics, then retry topics. */
export const TRACE_TOPIC_PATTERNS = [DLQ_TOPIC.source, RETRY_TOPIC.source] as const;

/**
 * The trace summary of a set of event rows, as the select list of a GROUP BY
 * correlation_id: its span, count, topics, services and types, and the two flags the
 * trace search filters on. Its services are the events' sources and the writers of the
 * retry and dead-letter copies among them (copy-writer-sql.ts). Retention recounts what
 * is left with it (traces/retention.ts);
 * the collector computes the same rule in JS as it adds events (write-rollups.ts
 * traceSummaries; event-store.int.test.ts checks the two agree):
 * * has_errors: an event on a dead-letter topic, or one stored with a problem;
 * * touched_retry: an event on a retry topic.
 * `rows` is the alias of the event rows (with the events table's column names);
 * `patterns` the numbers of the placeholders bound to TRACE_TOPIC_PATTERNS.
 */
export function traceSummarySql(rows: string, patterns: { dlq: number; retry: number }): string {
  const c = (column: string) => `${rows}.${column}`;
  return `min(${c('"timestamp"')}) AS first_at, max(${c('"timestamp"')}) AS last_at, count(*)::int AS n,
         array_agg(DISTINCT ${c('topic')} ORDER BY ${c('topic')}) AS topics,
         ARRAY(SELECT DISTINCT s FROM unnest(array_agg(${c('source')}) || array_agg(${copyWriterSql(rows)})) AS s WHERE s IS NOT NULL ORDER BY s) AS services,
         array_remove(array_agg(DISTINCT ${c('event_type')} ORDER BY ${c('event_type')}), NULL) AS types,
         bool_or(${c('topic')} ~* $${patterns.dlq} OR cardinality(${c('problems')}) > 0) AS has_errors,
         bool_or(${c('topic')} ~* $${patterns.retry}) AS touched_retry`;
}
