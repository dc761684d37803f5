-- The events' timestamp index serves only retention's "older than" scan. As a btree it
-- cost every stored event an index insert (~1 µs of PostgreSQL's ~19 per event, measured
-- on the collector-ingest bench) and ~20 bytes of index; a BRIN index keeps one min/max
-- per 128 pages, which is all that scan needs on a table filled in time order.
-- autosummarize: autovacuum summarizes each range once filled (PGlite has no autovacuum:
-- retention asks for the summary before it scans, server/traces/retention.ts).
DROP INDEX "events_timestamp_idx";

CREATE INDEX "events_timestamp_idx" ON "events" USING BRIN ("timestamp") WITH (autosummarize = on);
