// The rollups one collector write adds to, computed here from the rows it inserted rather
// than by SQL over them (issue 10: the three CTEs that did it cost PostgreSQL ~15 µs per
// event, and the flow rollup's lookup of causes fell back to scanning a topic per row on
// a table the planner had no statistics for):
// * trace summaries, one per correlation id of the write (traceSummary below is the rule,
//   the same as trace-summary-sql.ts, which retention's recount uses);
// * id coverage per topic partition (topic_coverage), with the sampled duplicate check;
// * flow edges per minute and per hour (flow_edges, read by server/flows).
// Two things only the database knows are looked up by the write statement itself, on
// the events stored before it: whether a sampled event id was stored before, and the
// source of a causing event that is not in this write. `planRollups` says what to look
// up; `finish` takes the answers.
import type { TopicCoverage } from '../../lib/coverage-types';
import { UNKNOWN_CAUSE, type FlowRollup } from '../../lib/flow-graph';
import { DLQ_TOPIC, RETRY_TOPIC } from './defaults';
import type { EventRow, Problem } from './types';

export interface TraceDelta {
  correlationId: string;
  firstAt: number;
  lastAt: number;
  events: number;
  topics: string[];
  services: string[];
  types: string[];
  hasErrors: boolean;
  touchedRetry: boolean;
}

/** What one write adds to a topic partition's coverage (the counts of lib/coverage-types.ts). */
export type CoverageDelta = Pick<TopicCoverage, 'topic' | 'events' | 'withEventId' | 'withCorrelationId' | 'withCausationId' | 'duplicatesChecked' | 'duplicateEventIds' | 'deadLetters'> & {
  partition: number;
  /** Events per convention that gave at least one of their ids. */
  conventions: Record<string, number>;
};

/** What one write adds to a flow edge's bucket (a row of flow_edges, as lib/flow-graph.ts reads them summed). */
export interface FlowDelta extends FlowRollup {
  stepMs: number;
  /** Start of the bucket, ms since the epoch. */
  bucket: number;
}

export interface Rollups {
  traces: TraceDelta[];
  coverage: CoverageDelta[];
  flows: FlowDelta[];
}

/** What the write statement looks up among the events stored before it. */
export interface RollupLookups {
  /** Sampled event ids of the write, to check for a copy stored before (same topic). */
  sampled: { topic: string; eventId: string }[];
  /** Causation ids whose event is not in the write: their event's source, if stored. */
  causes: string[];
}

export interface RollupAnswers {
  /** `topic\u0000eventId` of the sampled ids stored before. */
  storedBefore: Set<string>;
  /** Source of each stored causing event found. */
  causeSources: Map<string, string>;
}

export const FLOW_STEPS_MS = [60_000, 3_600_000] as const;

/** What the rollups need of a stored row: not its payload nor its headers. */
export type RollupRow = Pick<EventRow, 'topic' | 'partition' | 'offset' | 'eventId' | 'eventType' | 'source' | 'correlationId' | 'causationId' | 'idSources' | 'deadLetterOf' | 'writer'> & {
  problems: readonly Problem[];
  /** The timestamp, ms since the epoch. */
  time: number;
};

/** Rows without problems share one list: a rollup row waits in the write queue, and most rows have none. */
const NO_PROBLEMS: readonly Problem[] = Object.freeze([]);

export function rollupRow(r: EventRow, time: number): RollupRow {
  return {
    topic: r.topic, partition: r.partition, offset: r.offset, eventId: r.eventId, eventType: r.eventType, source: r.source, correlationId: r.correlationId,
    causationId: r.causationId, idSources: r.idSources, deadLetterOf: r.deadLetterOf, writer: r.writer, problems: r.problems.length === 0 ? NO_PROBLEMS : r.problems, time,
  };
}

/**
 * The trace summary rule: span, count, distinct topics, services (sources, and the writers
 * of retry and dead-letter copies) and types, has_errors
 * (a dead-letter topic, or an event stored with a problem), touched_retry (a retry topic).
 * Lists come out unsorted: the statement sorts them in the database's collation.
 */
export function traceSummaries(rows: readonly RollupRow[]): TraceDelta[] {
  const byId = new Map<string, TraceDelta>();
  for (const r of rows) {
    if (r.correlationId === null) continue;
    const t = r.time;
    let s = byId.get(r.correlationId);
    if (!s) {
      s = { correlationId: r.correlationId, firstAt: t, lastAt: t, events: 0, topics: [], services: [], types: [], hasErrors: false, touchedRetry: false };
      byId.set(r.correlationId, s);
    }
    s.events++;
    if (t < s.firstAt) s.firstAt = t;
    if (t > s.lastAt) s.lastAt = t;
    addOnce(s.topics, r.topic);
    if (r.source !== null) addOnce(s.services, r.source);
    // The consumer that retried or dead-lettered it took part too: a search by its name finds the trace.
    if (r.writer !== null) addOnce(s.services, r.writer.by);
    if (r.eventType !== null) addOnce(s.types, r.eventType);
    if (!s.hasErrors && (r.problems.length > 0 || DLQ_TOPIC.test(r.topic))) s.hasErrors = true;
    if (!s.touchedRetry && RETRY_TOPIC.test(r.topic)) s.touchedRetry = true;
  }
  return [...byId.values()];
}

/** Lists of a trace hold a handful of values: a scan beats a Set. */
function addOnce(list: string[], v: string) {
  if (!list.includes(v)) list.push(v);
}

/**
 * Sampling of event ids for the duplicate check: 1 in `every` (a power of two), by a hash
 * of the id, so that all copies of an id are sampled together (event-store.ts says why).
 */
export function sampledId(eventId: string, every: number): boolean {
  if (every <= 1) return true;
  let h = 0x811c9dc5; // FNV-1a over UTF-16 units, then murmur3's finaliser for the low bits
  for (let i = 0; i < eventId.length; i++) h = Math.imul(h ^ eventId.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h & (every - 1)) === 0;
}

const partitionKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;
const idKey = (topic: string, eventId: string) => `${topic}\u0000${eventId}`;

/**
 * Everything of the rollups that the rows alone tell, and what the write statement must
 * look up for the rest. `rows` are the rows really inserted.
 */
export function planRollups(rows: readonly RollupRow[], opts: { sampleEvery: number }): { lookups: RollupLookups; finish(answers: RollupAnswers): Rollups } {
  // Sources of this write's events, by event id (a cause found here needs no lookup).
  const sourceOf = new Map<string, string>();
  for (const r of rows) if (r.source !== null && !sourceOf.has(r.eventId)) sourceOf.set(r.eventId, r.source);
  const causes = new Set<string>();
  // (A copy's cause is the source it kept: flowDeltas looks none up for it.)
  for (const r of rows) if (r.writer === null && r.causationId !== null && !sourceOf.has(r.causationId)) causes.add(r.causationId);
  // Sampled ids, with their copies per partition and the lowest partition holding one.
  const sampled = new Map<string, { topic: string; eventId: string; firstPartition: number; perPartition: Map<number, number> }>();
  for (const r of rows) {
    if (r.idSources.eventId === undefined || !sampledId(r.eventId, opts.sampleEvery)) continue;
    const k = idKey(r.topic, r.eventId);
    let s = sampled.get(k);
    if (!s) sampled.set(k, (s = { topic: r.topic, eventId: r.eventId, firstPartition: r.partition, perPartition: new Map() }));
    if (r.partition < s.firstPartition) s.firstPartition = r.partition;
    s.perPartition.set(r.partition, (s.perPartition.get(r.partition) ?? 0) + 1);
  }
  return {
    lookups: { sampled: [...sampled.values()].map(({ topic, eventId }) => ({ topic, eventId })), causes: [...causes] },
    finish({ storedBefore, causeSources }) {
      const coverage = new Map<string, CoverageDelta>();
      // Per delta, events by their (shared, read-ids.ts) idSources object: counted per convention at the end.
      const bySources = new Map<CoverageDelta, Map<RollupRow['idSources'], number>>();
      let c: CoverageDelta | undefined;
      for (const r of rows) {
        // A write holds partition batches: consecutive rows mostly share their delta.
        if (c === undefined || c.partition !== r.partition || c.topic !== r.topic) {
          const k = partitionKey(r.topic, r.partition);
          c = coverage.get(k);
          if (!c) {
            c = { topic: r.topic, partition: r.partition, events: 0, withEventId: 0, withCorrelationId: 0, withCausationId: 0, duplicatesChecked: 0, duplicateEventIds: 0, deadLetters: 0, conventions: {} };
            coverage.set(k, c);
            bySources.set(c, new Map());
          }
        }
        c.events++;
        if (r.idSources.eventId !== undefined) c.withEventId++;
        if (r.correlationId !== null) c.withCorrelationId++;
        if (r.causationId !== null) c.withCausationId++;
        if (r.deadLetterOf !== null) c.deadLetters++;
        const counts = bySources.get(c)!;
        counts.set(r.idSources, (counts.get(r.idSources) ?? 0) + 1);
      }
      for (const [delta, counts] of bySources) for (const [idSources, n] of counts) countConventions(delta.conventions, idSources, n);
      // Every copy of a sampled id is a duplicate but the first: the one in the lowest
      // partition, unless a copy was stored before. Each counts under its own partition.
      for (const s of sampled.values()) {
        const before = storedBefore.has(idKey(s.topic, s.eventId));
        for (const [partition, n] of s.perPartition) {
          const c = coverage.get(partitionKey(s.topic, partition))!;
          c.duplicatesChecked += n;
          c.duplicateEventIds += n - (partition === s.firstPartition && !before ? 1 : 0);
        }
      }
      return { traces: traceSummaries(rows), coverage: [...coverage.values()], flows: flowDeltas(rows, (id) => sourceOf.get(id) ?? causeSources.get(id) ?? UNKNOWN_CAUSE) };
    },
  };
}

/** Counts `n` events once under each convention that gave one of their ids. */
function countConventions(counts: Record<string, number>, idSources: EventRow['idSources'], n: number) {
  const seen: string[] = [];
  for (const name of Object.values(idSources)) {
    if (name === undefined || seen.includes(name)) continue;
    seen.push(name);
    counts[name] = (counts[name] ?? 0) + n;
  }
}

/**
 * Each event counts once per step under its producer, topic, type and the service of its
 * causing event: found in this write, else among events stored before; '' when neither
 * (the causal layer undercounts then, it never invents a link).
 *
 * The producer is the event's source, except for a retry or dead-letter copy: its writer,
 * the consumer that failed (lib/copy-writer.ts), since the copy keeps the source of the
 * event it copies. Its cause is then the source it kept: the writer consumed that service's
 * event and copied it (UNKNOWN_CAUSE when it names none: a copy is never a journey start).
 * A writer that is a consumer group (Spring) or a connector is stored under its name like
 * a service: the map (lib/flow-graph.ts) draws a group named like a producer on that
 * producer's node, so the group's consume edges and its edge into the dead-letter topic
 * leave one node, the group's. Errors count as for any event: a problem, or a dead-letter topic.
 */
function flowDeltas(rows: readonly RollupRow[], causeSource: (causationId: string) => string): FlowDelta[] {
  // Per edge (producer, topic, cause, type), its buckets per step.
  const edges = new Map<string, Map<number, FlowDelta>[]>();
  const out: FlowDelta[] = [];
  let last: { of: RollupRow; causedBy: string; source: string; eventType: string; perStep: Map<number, FlowDelta>[] } | null = null;
  for (const r of rows) {
    const source = (r.writer === null ? r.source : r.writer.by) ?? '';
    const causedBy = r.writer !== null ? (r.source ?? UNKNOWN_CAUSE) : r.causationId === null ? '' : causeSource(r.causationId);
    const error = r.problems.length > 0 || DLQ_TOPIC.test(r.topic);
    // Consecutive rows mostly share their edge: its key is built only when it changes.
    if (last === null || last.source !== source || last.of.topic !== r.topic || last.causedBy !== causedBy || last.of.eventType !== r.eventType) {
      const eventType = r.eventType ?? '';
      const k = `${source}\u0000${r.topic}\u0000${causedBy}\u0000${eventType}`;
      let perStep = edges.get(k);
      if (!perStep) edges.set(k, (perStep = FLOW_STEPS_MS.map(() => new Map())));
      last = { of: r, causedBy, source, eventType, perStep };
    }
    const { perStep, eventType } = last;
    for (let s = 0; s < FLOW_STEPS_MS.length; s++) {
      const stepMs = FLOW_STEPS_MS[s]!;
      const bucket = Math.floor(r.time / stepMs) * stepMs;
      let e = perStep[s]!.get(bucket);
      if (!e) {
        perStep[s]!.set(bucket, (e = { stepMs, bucket, source, topic: r.topic, causedBy, eventType, events: 0, errors: 0 }));
        out.push(e);
      }
      e.events++;
      if (error) e.errors++;
    }
  }
  return out;
}
