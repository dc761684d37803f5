import { z } from 'zod';
import type { FieldShape, ValueType } from './infer-shape';
import type { LagStatus } from './lag-types';
import type { SchemaFormat } from './message-types';
import type { SchemaComparison } from './schema-compare';
import type { VersionDiffRow } from './version-diff';

/** Where one stored event is: enough for a link to its trace and to its record in the message browser. */
export interface EventRef {
  /** events.id */
  id: string;
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
  /** Its trace, when the event carries a correlation id. */
  correlationId: string | null;
}

/** A consumer group reading a topic the type is on (from the lag monitor's latest cycle). */
export interface CatalogConsumer {
  groupId: string;
  /** The type's topics this group reads. */
  topics: string[];
  status: LagStatus;
  members: number;
  lag: number | null;
  /** Messages per second its committed offsets moved on those topics (flow map's figure); null until two lag cycles. */
  consumeRate: number | null;
}

/** One event type and version in the catalog, as /api/catalog returns it. */
export interface CatalogEntryView {
  cluster: string;
  eventType: string;
  /** '' when the events carry no version. */
  version: string;
  /** The name it goes by across versions (lib/type-family.ts): `shop.OrderPlaced` for `shop.OrderPlaced.v2`. */
  family: string;
  eventCount: number;
  /** Events not in the shape: payloads that were not JSON, or cut in the store. */
  unshapedCount: number;
  firstAt: string;
  lastAt: string;
  /** Average events per second between the first and the last seen (0 with one event). */
  ratePerSecond: number;
  producers: string[];
  topics: string[];
  /** Groups consuming the type's topics now; Eventline's own are left out. */
  consumers: CatalogConsumer[];
  /** events.id of the latest event folded in: /api/events/<id>. */
  sampleEventId: string;
  shape: FieldShape;
  /** Drift recorded for this type and version. */
  driftCount: number;
  /** The registry subject matched to it, when a registry is configured and has one. */
  subject: string | null;
}

export const STORED_DRIFT_KINDS = ['added', 'type-changed'] as const;
/**
 * What the registry shows against the wire, found when the catalog is read (not stored):
 * a field on the wire the schema lacks, a required field never on the wire, a type the
 * schema does not allow, and a version the registry itself finds incompatible with the one before.
 */
export const REGISTRY_DRIFT_KINDS = ['not-in-schema', 'missing-from-wire', 'schema-type-mismatch', 'incompatible'] as const;
export const DRIFT_KINDS = [...STORED_DRIFT_KINDS, ...REGISTRY_DRIFT_KINDS] as const;
export type DriftKindName = (typeof DRIFT_KINDS)[number];

export interface CatalogDriftView {
  id: string;
  cluster: string;
  eventType: string;
  version: string;
  path: string;
  kind: (typeof STORED_DRIFT_KINDS)[number];
  before: ValueType[];
  after: ValueType[];
  /** events.id of the first event that showed it. */
  eventId: string;
  /** Where that event is; null once retention removed it. */
  event: EventRef | null;
  detectedAt: string;
  /** That event's own time (null on rows recorded before it was kept). */
  seenAt: string | null;
}

/** A registry finding, shown as drift beside the stored kind. */
export interface RegistryDriftView {
  cluster: string;
  eventType: string;
  version: string;
  kind: (typeof REGISTRY_DRIFT_KINDS)[number];
  subject: string;
  /** The registered version compared (for `incompatible`: the newer of the two). */
  schemaVersion: number;
  /** The field; null for `incompatible`. */
  path: string | null;
  detail: string;
  /** The first event that showed it, when there is one (a field not in the schema). */
  event: EventRef | null;
}

/** How the catalog stands with the schema registry. */
export interface RegistryStatus {
  state: 'none' | 'starting' | 'unreachable' | 'ready';
  url: string | null;
  /** Why it is not ready, in words. */
  reason: string | null;
}

export interface DriftSummary {
  total: number;
  lastHour: number;
  lastDay: number;
  /** Registry findings now (not stored, not counted in the others). */
  registry: number;
}

export interface CatalogView {
  entries: CatalogEntryView[];
  /** Newest first, capped. */
  drift: CatalogDriftView[];
  driftSummary: DriftSummary;
  registry: RegistryStatus;
  /** events.id the catalog has read up to. */
  watermark: string;
}

/** Events of one producer of a type and version over the last 5 minutes and hour, by the events' own time. */
export interface ProducerRate {
  source: string;
  events5m: number;
  perSecond5m: number;
  events1h: number;
  perSecond1h: number;
  /** Start of the last minute it sent one in; null if not within the hour. */
  lastMinute: string | null;
}

export interface RegisteredSchemaView {
  subject: string;
  /** How the subject was found: `<topic>-value` (TopicNameStrategy), the type's own name (RecordNameStrategy) or `<topic>-<type>`. */
  strategy: 'topic' | 'record' | 'topic-record';
  format: SchemaFormat;
  versions: { version: number; id: number }[];
  /** The version held against the wire: the one named like the events' version, else the latest. */
  compared: { version: number; id: number; schema: string };
  comparison: SchemaComparison;
  /** The subject's compatibility level, as the registry reports it. */
  level: string | null;
  /** Consecutive versions the registry finds incompatible under that level. */
  incompatible: { version: number; previous: number; messages: string[] }[];
  /** Other subjects that matched too. */
  otherSubjects: string[];
}

/** GET /api/catalog/entry: one type and version in full. */
export interface CatalogEntryDetail {
  entry: CatalogEntryView;
  sample: EventRef | null;
  producers: ProducerRate[];
  registry: RegistryStatus;
  /** null: no registry, or no subject matched (`subjectsTried` says which were looked for). */
  registered: RegisteredSchemaView | null;
  subjectsTried: string[];
  /** Why the registered schema could not be read, when it could not. */
  registeredError: string | null;
  /** Other versions of the same type, for the side-by-side view. */
  siblings: { eventType: string; version: string }[];
  /** Where the events named by the comparison (first events of fields off the schema) are, by events.id. */
  events: Record<string, EventRef>;
}

/** GET /api/catalog/diff: two versions of one type side by side. */
export interface VersionDiffView {
  from: CatalogEntryView;
  to: CatalogEntryView;
  rows: VersionDiffRow[];
  producers: { from: ProducerRate[]; to: ProducerRate[] };
}

/** GET /api/catalog/drift: stored drift, newest first, keyset-paged, and the registry's findings. */
export interface DriftListView {
  drift: CatalogDriftView[];
  /** Pass as `before` for the next page; null on the last. */
  nextBefore: string | null;
  registry: RegistryDriftView[];
  registryStatus: RegistryStatus;
}

const entryKey = { cluster: z.string().min(1).default('default'), type: z.string().min(1).max(500), version: z.string().max(200).default('') };

export const catalogEntryQuerySchema = z.object(entryKey);

export const versionDiffQuerySchema = z.object({
  ...entryKey,
  /** The other version; its type defaults to `type` (versions in one type name), or names the other type of the family. */
  toType: z.string().min(1).max(500).optional(),
  toVersion: z.string().max(200),
});

export const driftQuerySchema = z.object({
  cluster: z.string().min(1).optional(),
  type: z.string().max(500).optional(),
  version: z.string().max(200).optional(),
  kind: z.enum(DRIFT_KINDS).optional(),
  /** ISO time: drift first seen (or detected) since then. */
  since: z.string().datetime({ offset: true }).optional(),
  /** Field path contains this. */
  path: z.string().max(200).optional(),
  before: z.string().regex(/^\d+$/).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type DriftQuery = z.infer<typeof driftQuerySchema>;
