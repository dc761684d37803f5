import type { CatalogEntryDetail, CatalogView, DriftListView, DriftQuery, RegistryDriftView, VersionDiffView } from '../../lib/catalog-types';
import { diffVersions } from '../../lib/version-diff';
import type { Logger } from '../log/logger';
import type { SqlExecutor } from '../store/sql-executor';
import { createCatalogJob } from './catalog-job';
import { CatalogEntryNotFoundError } from './catalog-errors';
import { renderCatalogMetrics } from './catalog-metrics';
import { readCatalog, readEntries, readEntry, type CatalogExtras } from './catalog-reader';
import type { ConsumerSource } from './consumers';
import { driftCounts, listDrift } from './drift-queries';
import { readEventRefs } from './event-refs';
import { readProducerRates } from './producer-rates';
import { createRegistryView, type RegistryFinding, type RegistryHandle } from './registry-view';
import { createSchemaDecoder, type SchemaDecoder, type SchemaRegistrySettings } from './schema-decoder';
import { createWallDriftWatch } from './wall-drift';

export { decodePayload } from './decode-payload';
export { createStoredPayloadDecoder, SCHEMA_REGISTRY_SOURCE, type StoredPayloadDecoder } from './stored-payload-decoder';
export { wireSchemaId, stringifyDecoded } from './wire-format';
export { foldNewEvents, pruneProducerMinutes, CATALOG_BATCH } from './catalog-job';
export { readCatalog } from './catalog-reader';
export { CatalogEntryNotFoundError } from './catalog-errors';
export { EMPTY_WALL_DRIFT, WALL_DRIFT_POLL_MS, type WallDriftWatch } from './wall-drift';
export type { ConsumerSource } from './consumers';
export type { RegistryHandle } from './registry-view';
export type { SchemaDecoder, SchemaRegistrySettings, WireDecodeResult } from './schema-decoder';

/**
 * The catalog domain: registry-aware decoding, and the event catalog (types, versions,
 * observed shape, drift) kept by a background job from new events only. Null registry
 * settings give no decoder: wire-format payloads then show as hex with the reason.
 */
export function createCatalog(deps: { registry: SchemaRegistrySettings | null }) {
  const decoder: SchemaDecoder | null = deps.registry ? createSchemaDecoder(deps.registry) : null;
  return { decoder };
}

type Key = { cluster: string; type: string; version: string };

/**
 * The stored catalog and the job that keeps it: start() folds what is new, then every
 * intervalMs. Consumer groups come from `consumers` (the lag monitor and flow map), the
 * registered schemas from `registry`; without them those parts are empty.
 */
export function createEventCatalog(deps: {
  sql: SqlExecutor;
  log: Logger;
  intervalMs?: number;
  consumers?: ConsumerSource;
  registry?: RegistryHandle;
  /** The clock the time windows (rates over 5 min / 1 h, drift in the last hour) end at. */
  now?: () => number;
}) {
  const { sql } = deps;
  const now = deps.now ?? Date.now;
  const job = createCatalogJob(deps);
  const registry = deps.registry ? createRegistryView(deps.registry) : null;
  const extras: CatalogExtras = { consumers: deps.consumers, subjectOf: registry ? (e) => registry.subjectOf(e) : undefined };
  const status = () => registry?.status() ?? { state: 'none' as const, url: null, reason: 'No schema registry is configured: set SCHEMA_REGISTRY_URL.' };

  async function withEvents(findings: RegistryFinding[]): Promise<RegistryDriftView[]> {
    const refs = await readEventRefs(sql, findings.flatMap((f) => (f.firstEventId ? [f.firstEventId] : [])));
    return findings.map(({ firstEventId, ...f }) => ({ ...f, event: firstEventId ? (refs.get(firstEventId) ?? null) : null }));
  }

  async function entryOrThrow(k: Key) {
    const entry = await readEntry(sql, { cluster: k.cluster, eventType: k.type, version: k.version }, extras);
    if (!entry) throw new CatalogEntryNotFoundError(k.type, k.version);
    return entry;
  }

  const wallDrift = createWallDriftWatch({
    sql,
    log: deps.log,
    registryFindings: registry ? async () => (await registry.findings(await readEntries(sql))).length : null,
  });

  return {
    start: () => {
      wallDrift.start();
      return job.start();
    },
    stop: async () => {
      wallDrift.stop();
      await job.stop();
    },
    refresh: job.runNow,
    wallDrift,
    async read(): Promise<CatalogView> {
      const view = await readCatalog(sql, { ...extras, registry: status(), now: now() });
      const findings = registry ? await registry.findings(view.entries) : [];
      return { ...view, registry: status(), driftSummary: { ...view.driftSummary, registry: findings.length } };
    },
    async entry(k: Key): Promise<CatalogEntryDetail> {
      const entry = await entryOrThrow(k);
      const [sample, producers, reg, all] = await Promise.all([
        readEventRefs(sql, [entry.sampleEventId]),
        readProducerRates(sql, entry, now()),
        registry ? registry.registered(entry, { page: true }) : Promise.resolve({ view: null, tried: [], error: null }),
        readEntries(sql),
      ]);
      const siblings = all.filter((e) => e.cluster === entry.cluster && e.family === entry.family && !(e.eventType === entry.eventType && e.version === entry.version));
      const cmp = reg.view?.comparison;
      const named = cmp ? [...cmp.onWireOnly, ...cmp.typeMismatches].flatMap((f) => (f.firstEventId ? [f.firstEventId] : [])) : [];
      const refs = await readEventRefs(sql, named);
      return {
        entry,
        sample: sample.get(entry.sampleEventId) ?? null,
        producers,
        registry: status(),
        registered: reg.view,
        subjectsTried: reg.tried,
        registeredError: reg.error,
        siblings: siblings.map((s) => ({ eventType: s.eventType, version: s.version })),
        events: Object.fromEntries(refs),
      };
    },
    async diff(k: Key & { toType?: string; toVersion: string }): Promise<VersionDiffView> {
      const [from, to] = await Promise.all([entryOrThrow(k), entryOrThrow({ cluster: k.cluster, type: k.toType ?? k.type, version: k.toVersion })]);
      const [pf, pt] = await Promise.all([readProducerRates(sql, from, now()), readProducerRates(sql, to, now())]);
      return { from, to, rows: diffVersions(from.shape, to.shape), producers: { from: pf, to: pt } };
    },
    async drift(q: DriftQuery): Promise<DriftListView> {
      const entries = q.type || registry ? await readEntries(sql) : [];
      const types = q.type ? [...new Set(entries.filter((e) => e.eventType === q.type || e.family === q.type).map((e) => e.eventType))] : null;
      const storedKind = !q.kind || q.kind === 'added' || q.kind === 'type-changed';
      const stored = storedKind ? await listDrift(sql, q, types) : { drift: [], nextBefore: null };
      // Registry findings are few and computed now: all of them come with the first page.
      const findings =
        registry && !q.before && !q.since
          ? (await registry.findings(entries)).filter(
              (f) =>
                (!q.cluster || f.cluster === q.cluster) &&
                (!types || types.includes(f.eventType)) &&
                (q.version === undefined || f.version === q.version) &&
                (!q.kind || f.kind === q.kind) &&
                (!q.path || (f.path ?? '').toLowerCase().includes(q.path.toLowerCase())),
            )
          : [];
      return { drift: stored.drift, nextBefore: stored.nextBefore, registry: await withEvents(findings), registryStatus: status() };
    },
    /** The catalog's lines of GET /metrics. */
    async metrics(clusterName: string): Promise<string> {
      const [entries, drift, backlog] = await Promise.all([readEntries(sql), driftCounts(sql), readBacklog(sql)]);
      const findings = registry ? await registry.findings(entries) : [];
      return renderCatalogMetrics({ clusterName, entries, drift, findings, backlog });
    },
  };
}

/** Events stored after the watermark, by id (ids of rolled-back inserts leave gaps: approximate). */
async function readBacklog(sql: SqlExecutor): Promise<number | null> {
  const { rows } = await sql.query<{ n: bigint | null }>(
    `SELECT (SELECT max(id) FROM events) - coalesce((SELECT last_event_id FROM job_watermarks WHERE name = 'catalog'), 0) AS n`,
  );
  return rows[0]?.n === null || rows[0]?.n === undefined ? null : Math.max(0, Number(rows[0].n));
}

export type Catalog = ReturnType<typeof createCatalog>;
export type EventCatalog = ReturnType<typeof createEventCatalog>;
