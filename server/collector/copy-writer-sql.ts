// lib/copy-writer.ts's rule as SQL over a stored event's headers: who wrote a retry or
// dead-letter copy. Retention recounts a trace's summary from the events left with it
// (trace-summary-sql.ts), and a copy's writer counts among the trace's services there as
// it did when the collector stored it. event-store.int.test.ts holds the two rules side by
// side on the same records.
import { COPY_WRITER_HEADERS, type CopyWriterHeader } from '../../lib/copy-writer';

/** The whitespace JS's trim() removes that a Kafka client could write (no exotic Unicode spaces). */
const WHITESPACE = `' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13)`;

/** A stored header's value as text: `name` of the `headers` of the event row `rows`. */
export function storedHeaderSql(rows: string, name: string): string {
  return `${rows}.headers->>'${name.replace(/'/g, "''")}'`;
}

/**
 * The writer's name (`CopyWriter.by`) of the event row `rows`, or NULL when it is not a copy.
 * A header stored as `base64:…` was binary: the collector's rule sees no text there.
 */
export function copyWriterSql(rows: string): string {
  const raw = (name: CopyWriterHeader) => storedHeaderSql(rows, name);
  const text = (name: CopyWriterHeader) => `nullif(btrim(CASE WHEN ${raw(name)} LIKE 'base64:%' THEN NULL ELSE ${raw(name)} END, ${WHITESPACE}), '')`;
  const unlessBackOn = (originalTopic: CopyWriterHeader, by: string) => `CASE WHEN ${text(originalTopic)} IS DISTINCT FROM ${rows}.topic THEN ${by} END`;
  const h = COPY_WRITER_HEADERS;
  const demoBy = `coalesce(${text(h.demoDeadLetteredBy)}, ${text(h.demoRetriedBy)})`;
  return `CASE WHEN coalesce(${raw(h.replayId)}, '') <> '' AND ${raw(h.replayId)} NOT LIKE 'base64:%' THEN NULL
     WHEN ${text(h.springGroup)} IS NOT NULL THEN ${unlessBackOn(h.springTopic, text(h.springGroup))}
     WHEN ${text(h.connector)} IS NOT NULL THEN ${unlessBackOn(h.connectTopic, text(h.connector))}
     WHEN ${demoBy} IS NOT NULL THEN ${unlessBackOn(h.demoTopic, demoBy)}
   END`;
}
