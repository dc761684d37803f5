// The catalog as Prometheus text, appended to GET /metrics: counts of types and versions,
// drift per type, version and kind (a counter: stored drift only grows, until the catalog
// tables are emptied), registry findings now (a gauge: they come and go with the schema),
// and how far the catalog job is behind the collector.
import type { CatalogEntryView } from '../../lib/catalog-types';
import type { DriftCount } from './drift-queries';
import type { RegistryFinding } from './registry-view';

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

/** Sums rows that share their labels (the same type and version under several collector cluster names). */
function summed(rows: [Record<string, string>, number][]): [Record<string, string>, number][] {
  const by = new Map<string, [Record<string, string>, number]>();
  for (const [labels, v] of rows) {
    const key = JSON.stringify(labels);
    const had = by.get(key);
    if (had) had[1] += v;
    else by.set(key, [labels, v]);
  }
  return [...by.values()];
}

export function renderCatalogMetrics(input: {
  clusterName: string;
  entries: readonly CatalogEntryView[];
  drift: readonly DriftCount[];
  findings: readonly RegistryFinding[];
  /** Events stored after the catalog's watermark (by id); null when unknown. */
  backlog: number | null;
}): string {
  const out: string[] = [];
  const labels = (l: Record<string, string>) => `{${Object.entries({ cluster_name: input.clusterName, ...l }).map(([k, v]) => `${k}="${esc(v)}"`).join(',')}}`;
  const family = (name: string, type: 'counter' | 'gauge', help: string, rows: [Record<string, string>, number][]) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [l, v] of summed(rows)) if (Number.isFinite(v)) out.push(`${name}${labels(l)} ${v}`);
  };
  family('eventline_catalog_types', 'gauge', 'Event types in the catalog (versions of one type counted once).', [[{}, new Set(input.entries.map((e) => e.family)).size]]);
  family('eventline_catalog_versions', 'gauge', 'Event type versions in the catalog.', [[{}, input.entries.length]]);
  family(
    'eventline_catalog_events_total',
    'counter',
    'Events of a type and version the catalog has folded in.',
    input.entries.map((e) => [{ type: e.eventType, version: e.version }, e.eventCount]),
  );
  family(
    'eventline_catalog_drift_total',
    'counter',
    'Drift recorded within a type and version: fields that appeared (added) or took a new type (type-changed).',
    input.drift.map((d) => [{ type: d.eventType, version: d.version, kind: d.kind }, d.count]),
  );
  family(
    'eventline_catalog_registry_findings',
    'gauge',
    'What the registered schema shows against the wire now: not-in-schema, missing-from-wire, schema-type-mismatch, incompatible.',
    input.findings.map((f) => [{ type: f.eventType, version: f.version, kind: f.kind }, 1]),
  );
  family('eventline_catalog_backlog_events', 'gauge', 'Stored events the catalog job has yet to fold in (by event id, approximate).', input.backlog === null ? [] : [[{}, input.backlog]]);
  return out.join('\n') + '\n';
}
