// Reads of topic_coverage (written by the collector's write statement): per topic, the
// sum over its partitions. A handful of rows per topic: cheap enough for every /metrics scrape.
import type { SqlExecutor } from '../store';
import type { TopicCoverage } from '../../lib/coverage-types';

interface Row {
  topic: string;
  events: bigint | number;
  with_event_id: bigint | number;
  with_correlation_id: bigint | number;
  with_causation_id: bigint | number;
  duplicates_checked: bigint | number;
  duplicate_event_ids: bigint | number;
  dead_letters: bigint | number;
  conventions: Record<string, string | number> | null;
  first_at: Date;
  updated_at: Date;
}

const COVERAGE = `
SELECT topic, sum(events)::int8 AS events, sum(with_event_id)::int8 AS with_event_id,
       sum(with_correlation_id)::int8 AS with_correlation_id, sum(with_causation_id)::int8 AS with_causation_id,
       sum(duplicates_checked)::int8 AS duplicates_checked, sum(duplicate_event_ids)::int8 AS duplicate_event_ids, sum(dead_letters)::int8 AS dead_letters,
       (SELECT jsonb_object_agg(name, total) FROM (
          SELECT x.name, sum(x.n::int8) AS total FROM topic_coverage c2, jsonb_each_text(c2.conventions) x(name, n)
           WHERE c2.cluster = $1 AND c2.topic = c.topic GROUP BY x.name) t) AS conventions,
       min(first_at) AS first_at, max(updated_at) AS updated_at
  FROM topic_coverage c WHERE cluster = $1 GROUP BY topic ORDER BY topic`;

export function createCoverageQueries(sql: SqlExecutor, cluster = 'default') {
  return {
    async coverage(): Promise<TopicCoverage[]> {
      const { rows } = await sql.query<Row>(COVERAGE, [cluster]);
      return rows.map((r) => ({
        topic: r.topic,
        events: Number(r.events),
        withEventId: Number(r.with_event_id),
        withCorrelationId: Number(r.with_correlation_id),
        withCausationId: Number(r.with_causation_id),
        duplicatesChecked: Number(r.duplicates_checked),
        duplicateEventIds: Number(r.duplicate_event_ids),
        deadLetters: Number(r.dead_letters),
        conventions: Object.entries(r.conventions ?? {})
          .map(([name, n]) => ({ name, events: Number(n) }))
          .sort((a, b) => b.events - a.events || a.name.localeCompare(b.name)),
        firstAt: r.first_at.toISOString(),
        updatedAt: r.updated_at.toISOString(),
      }));
    },
  };
}

export type CoverageQueries = ReturnType<typeof createCoverageQueries>;
