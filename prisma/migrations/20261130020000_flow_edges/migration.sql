-- Flow map rollups: per-minute and per-hour counts of events by source → topic (and the
-- causing event's service), written by the collector in the same statement as the events.
-- The primary key starts with (cluster, step_ms, bucket), which is how the map reads a
-- window; the bucket index serves retention.

-- CreateTable
CREATE TABLE "flow_edges" (
    "cluster" TEXT NOT NULL,
    "step_ms" INTEGER NOT NULL,
    "bucket" TIMESTAMPTZ(3) NOT NULL,
    "source" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "caused_by" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "events" BIGINT NOT NULL,
    "errors" BIGINT NOT NULL,

    CONSTRAINT "flow_edges_pkey" PRIMARY KEY ("cluster","step_ms","bucket","source","topic","caused_by","event_type")
);

-- CreateIndex
CREATE INDEX "flow_edges_bucket_idx" ON "flow_edges"("bucket");
