// Id coverage per topic: the API contract (GET /api/coverage), shared by server/traces and the pages.

/** Cumulative counts since the collector began storing the topic. */
export interface TopicCoverage {
  topic: string;
  events: number;
  /** Events whose event id came from the record, not the topic/partition/offset stand-in. */
  withEventId: number;
  withCorrelationId: number;
  withCausationId: number;
  /** Events with an event id that the duplicate check sampled (1 id in 16 by hash, by default). */
  duplicatesChecked: number;
  /** Of those, events whose event id was already stored at another offset of the topic. */
  duplicateEventIds: number;
  /** Dead-letter copies naming their original record. */
  deadLetters: number;
  /** Conventions that gave at least one id, with their event counts, most used first. */
  conventions: { name: string; events: number }[];
  firstAt: string;
  updatedAt: string;
}

export interface CoverageResponse {
  topics: TopicCoverage[];
}

export interface CoverageRatios {
  correlation: number;
  causation: number;
  eventId: number;
  /** Duplicates over the events checked (an estimate from a sample by id; 0 when none was checked). */
  duplicates: number;
}

/** Shares in [0, 1]; a topic with no events has 0 everywhere. */
export function coverageRatios(c: TopicCoverage): CoverageRatios {
  const of = (n: number, d: number) => (d > 0 ? n / d : 0);
  return {
    correlation: of(c.withCorrelationId, c.events),
    causation: of(c.withCausationId, c.events),
    eventId: of(c.withEventId, c.events),
    duplicates: of(c.duplicateEventIds, c.duplicatesChecked),
  };
}
