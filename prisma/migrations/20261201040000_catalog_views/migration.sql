-- AlterTable
ALTER TABLE "catalog_drift" ADD COLUMN "seen_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "catalog_drift_seen_at_idx" ON "catalog_drift"("seen_at");

-- CreateTable
CREATE TABLE "catalog_producer_minutes" (
    "cluster" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "bucket" TIMESTAMPTZ(3) NOT NULL,
    "events" BIGINT NOT NULL,

    CONSTRAINT "catalog_producer_minutes_pkey" PRIMARY KEY ("cluster","event_type","version","source","bucket")
);

-- CreateIndex
CREATE INDEX "catalog_producer_minutes_bucket_idx" ON "catalog_producer_minutes"("bucket");
