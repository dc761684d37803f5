// Who wrote a retry or dead-letter copy. Such a copy keeps the envelope of the record it
// copies (same event id, type and `source`: it is the same event), so its `source` names
// the event's origin — order-service for a payment that failed — while the record itself
// was written by the consumer that failed on it — payment-service. The flow map draws the
// copy's edge from that writer, and the trace view says "dead-lettered by …". The event's
// `source` is left as it is: the catalog's producers of an event type read it, and a
// failing consumer does not produce the events it gives up on.
//
// Pure and browser-safe: the collector applies it to each record as it is extracted (by
// header slot), the trace queries to the headers stored with an event.
import { CONNECT_HEADERS, DEMO_HEADERS, SPRING_HEADERS } from './dead-letter-headers';
import { REPLAY_HEADERS } from './replay-types';
import { topicRole } from './topic-roles';

export interface CopyWriter {
  /** A copy for a later attempt (a retry topic), or one given up on (a dead-letter topic). */
  role: 'retry' | 'dead-letter';
  /** The group, connector or service named by the headers. */
  by: string;
  /** What `by` is: Spring names the consumer group, Kafka Connect the connector, the demo its service. */
  kind: 'group' | 'connector' | 'service';
}

/**
 * Every header the rule reads, by what it is for. The demo's `x-retried-by` is its own
 * (demo/lib/retry.ts); Spring's and Connect's are theirs (dead-letter-headers.ts).
 */
export const COPY_WRITER_HEADERS = {
  springGroup: SPRING_HEADERS.consumerGroup,
  springTopic: SPRING_HEADERS.topic,
  connector: CONNECT_HEADERS.connector,
  connectTopic: CONNECT_HEADERS.topic,
  demoDeadLetteredBy: DEMO_HEADERS.deadLetteredBy,
  demoRetriedBy: DEMO_HEADERS.retriedBy,
  demoTopic: DEMO_HEADERS.topic,
  replayId: REPLAY_HEADERS.id,
} as const;

export type CopyWriterHeader = (typeof COPY_WRITER_HEADERS)[keyof typeof COPY_WRITER_HEADERS];

/** A header's value as text, or null when the record has none (or it is not text). */
export type HeaderText = (name: CopyWriterHeader) => string | null | undefined;

/**
 * The writer of a copy, from its headers, or null when the record is not one (or names no
 * writer). Spring wins over Connect over the demo, as in decodeDeadLetterHeaders. Not a
 * copy's writer:
 * - a record Eventline replayed (x-eventline-replay-id): a replay may keep the dead-letter
 *   headers, but the replay wrote it, not the consumer they name;
 * - a record back on the topic its headers name as the original: a redrive that kept them.
 */
export function copyWriterOf(topic: string, header: HeaderText): CopyWriter | null {
  if (header(COPY_WRITER_HEADERS.replayId)) return null;
  const found = namedWriter(header);
  if (found === null || found.originalTopic === topic) return null;
  // Spring writes retry copies (non-blocking retries) with the same headers as dead
  // letters: the topic tells them apart. The demo says which it wrote.
  const role = found.role ?? (topicRole(topic) === 'retry' ? 'retry' : 'dead-letter');
  return { role, by: found.by, kind: found.kind };
}

function namedWriter(header: HeaderText): { by: string; kind: CopyWriter['kind']; role: CopyWriter['role'] | null; originalTopic: string | null } | null {
  const text = (name: CopyWriterHeader) => header(name)?.trim() || null;
  const group = text(COPY_WRITER_HEADERS.springGroup);
  if (group) return { by: group, kind: 'group', role: null, originalTopic: text(COPY_WRITER_HEADERS.springTopic) };
  const connector = text(COPY_WRITER_HEADERS.connector);
  if (connector) return { by: connector, kind: 'connector', role: 'dead-letter', originalTopic: text(COPY_WRITER_HEADERS.connectTopic) };
  const dead = text(COPY_WRITER_HEADERS.demoDeadLetteredBy);
  const retried = dead ? null : text(COPY_WRITER_HEADERS.demoRetriedBy);
  if (dead || retried) return { by: (dead ?? retried)!, kind: 'service', role: dead ? 'dead-letter' : 'retry', originalTopic: text(COPY_WRITER_HEADERS.demoTopic) };
  return null;
}

/** "dead-lettered by payment-service", "retried by connector s3-sink": the trace view's words. */
export function copyWriterLabel(w: CopyWriter): string {
  const what = w.role === 'retry' ? 'retried by' : 'dead-lettered by';
  return `${what} ${w.kind === 'service' ? '' : `${w.kind} `}${w.by}`;
}
