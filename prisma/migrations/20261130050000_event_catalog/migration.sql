-- CreateTable
CREATE TABLE "catalog_entries" (
    "cluster" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "shape" JSONB NOT NULL,
    "event_count" BIGINT NOT NULL,
    "unshaped_count" BIGINT NOT NULL,
    "first_at" TIMESTAMPTZ(3) NOT NULL,
    "last_at" TIMESTAMPTZ(3) NOT NULL,
    "producers" TEXT[],
    "topics" TEXT[],
    "sample_event_id" BIGINT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "catalog_entries_pkey" PRIMARY KEY ("cluster","event_type","version")
);

-- CreateTable
CREATE TABLE "catalog_drift" (
    "id" BIGSERIAL NOT NULL,
    "cluster" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "before" TEXT[],
    "after" TEXT[],
    "event_id" BIGINT NOT NULL,
    "detected_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "catalog_drift_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job_watermarks" (
    "name" TEXT NOT NULL,
    "last_event_id" BIGINT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "job_watermarks_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "catalog_drift_cluster_event_type_version_idx" ON "catalog_drift"("cluster", "event_type", "version");
