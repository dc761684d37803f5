// Id coverage per topic as Prometheus text, appended to GET /metrics. Counters are the
// cumulative counts (rate() them); the ratios are the same shares the pages show.
import { coverageRatios, type TopicCoverage } from '../../lib/coverage-types';

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

export function renderCoverageMetrics(topics: TopicCoverage[], clusterName: string): string {
  const out: string[] = [];
  const labels = (l: Record<string, string>) => `{${Object.entries({ cluster_name: clusterName, ...l }).map(([k, v]) => `${k}="${esc(v)}"`).join(',')}}`;
  const family = (name: string, type: 'counter' | 'gauge', help: string, rows: [Record<string, string>, number][]) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [l, v] of rows) if (Number.isFinite(v)) out.push(`${name}${labels(l)} ${v}`);
  };
  const per = (f: (t: TopicCoverage) => number) => topics.map((t): [Record<string, string>, number] => [{ topic: t.topic }, f(t)]);
  const ratio = (f: (r: ReturnType<typeof coverageRatios>) => number) => per((t) => Math.round(f(coverageRatios(t)) * 1e6) / 1e6);
  family('eventline_topic_events_total', 'counter', 'Events the collector stored from a topic.', per((t) => t.events));
  family('eventline_topic_events_with_correlation_id_total', 'counter', 'Stored events of a topic that carry a correlation id.', per((t) => t.withCorrelationId));
  family('eventline_topic_events_with_causation_id_total', 'counter', 'Stored events of a topic that carry a causation id.', per((t) => t.withCausationId));
  family('eventline_topic_events_with_event_id_total', 'counter', 'Stored events of a topic that carry an event id of their own.', per((t) => t.withEventId));
  family('eventline_topic_duplicate_checks_total', 'counter', 'Stored events of a topic whose event id the duplicate check sampled (1 id in 16 by hash, by default).', per((t) => t.duplicatesChecked));
  family('eventline_topic_duplicate_event_ids_total', 'counter', 'Sampled events of a topic whose event id was already stored at another offset of it.', per((t) => t.duplicateEventIds));
  family('eventline_topic_dead_letters_total', 'counter', 'Dead-letter copies stored on a topic that name their original record.', per((t) => t.deadLetters));
  family('eventline_topic_correlation_coverage_ratio', 'gauge', 'Share of a topic\'s stored events with a correlation id.', ratio((r) => r.correlation));
  family('eventline_topic_causation_coverage_ratio', 'gauge', 'Share of a topic\'s stored events with a causation id.', ratio((r) => r.causation));
  family('eventline_topic_event_id_coverage_ratio', 'gauge', 'Share of a topic\'s stored events with an event id of their own.', ratio((r) => r.eventId));
  family('eventline_topic_duplicate_ratio', 'gauge', 'Estimated share of a topic\'s events whose event id was already stored at another offset (from the sampled ids).', ratio((r) => r.duplicates));
  family(
    'eventline_topic_convention_events_total',
    'counter',
    'Stored events of a topic for which an id convention gave at least one id.',
    topics.flatMap((t) => t.conventions.map((c): [Record<string, string>, number] => [{ topic: t.topic, convention: c.name }, c.events])),
  );
  return out.join('\n') + '\n';
}
