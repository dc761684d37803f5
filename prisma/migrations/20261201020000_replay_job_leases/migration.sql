-- AlterTable
ALTER TABLE "replay_jobs" ADD COLUMN "claimed_by" TEXT,
ADD COLUMN "lease_until" TIMESTAMPTZ(3);
