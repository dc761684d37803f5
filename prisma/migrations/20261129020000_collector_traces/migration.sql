-- CreateTable
CREATE TABLE "events" (
    "id" BIGSERIAL NOT NULL,
    "cluster" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "partition" INTEGER NOT NULL,
    "offset" BIGINT NOT NULL,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "key" TEXT,
    "headers" JSONB NOT NULL,
    "event_id" TEXT NOT NULL,
    "event_type" TEXT,
    "event_version" TEXT,
    "source" TEXT,
    "correlation_id" TEXT,
    "causation_id" TEXT,
    "size" INTEGER NOT NULL,
    "payload_encoding" TEXT NOT NULL,
    "payload_preview" TEXT,
    "payload_hash" TEXT,
    "problems" TEXT[],
    "collected_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "traces" (
    "cluster" TEXT NOT NULL,
    "correlation_id" TEXT NOT NULL,
    "first_at" TIMESTAMPTZ(3) NOT NULL,
    "last_at" TIMESTAMPTZ(3) NOT NULL,
    "event_count" INTEGER NOT NULL,
    "topics" TEXT[],
    "services" TEXT[],
    "types" TEXT[],
    "has_errors" BOOLEAN NOT NULL,
    "touched_retry" BOOLEAN NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "traces_pkey" PRIMARY KEY ("cluster","correlation_id")
);

-- CreateTable
CREATE TABLE "collector_offsets" (
    "group_id" TEXT NOT NULL,
    "cluster" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "partition" INTEGER NOT NULL,
    "next_offset" BIGINT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "collector_offsets_pkey" PRIMARY KEY ("group_id","cluster","topic","partition")
);

-- CreateIndex
CREATE INDEX "events_correlation_id_idx" ON "events"("correlation_id");

-- CreateIndex
CREATE INDEX "events_event_id_idx" ON "events"("event_id");

-- CreateIndex
CREATE INDEX "events_key_idx" ON "events"("key");

-- CreateIndex
CREATE INDEX "events_timestamp_idx" ON "events"("timestamp");

-- CreateIndex
CREATE UNIQUE INDEX "events_cluster_topic_partition_offset_key" ON "events"("cluster", "topic", "partition", "offset");

-- CreateIndex
CREATE INDEX "traces_last_at_idx" ON "traces"("last_at" DESC);

-- CreateIndex
CREATE INDEX "traces_first_at_idx" ON "traces"("first_at");
