-- Ids below the catalog's watermark not yet seen: an insert still in flight on another
-- connection (two collectors), or one rolled back. Re-read until found or expired.
-- AlterTable
ALTER TABLE "job_watermarks" ADD COLUMN "pending_gaps" JSONB NOT NULL DEFAULT '[]';
