import type { FieldShape, ValueType } from './infer-shape';

/** One event type and version in the catalog, as /api/catalog returns it. */
export interface CatalogEntryView {
  cluster: string;
  eventType: string;
  /** '' when the events carry no version. */
  version: string;
  eventCount: number;
  /** Events not in the shape: payloads that were not JSON, or cut in the store. */
  unshapedCount: number;
  firstAt: string;
  lastAt: string;
  /** Average events per second between the first and the last seen (0 with one event). */
  ratePerSecond: number;
  producers: string[];
  topics: string[];
  /** events.id of the latest event folded in: /api/events/<id>. */
  sampleEventId: string;
  shape: FieldShape;
}

export interface CatalogDriftView {
  id: string;
  cluster: string;
  eventType: string;
  version: string;
  path: string;
  kind: 'added' | 'type-changed';
  before: ValueType[];
  after: ValueType[];
  /** events.id of the first event that showed it. */
  eventId: string;
  detectedAt: string;
}

export interface CatalogView {
  entries: CatalogEntryView[];
  /** Newest first, capped. */
  drift: CatalogDriftView[];
  /** events.id the catalog has read up to. */
  watermark: string;
}
