-- AlterTable
ALTER TABLE "events" ADD COLUMN "id_sources" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN "dead_letter_of" TEXT;

-- CreateTable
CREATE TABLE "topic_coverage" (
    "cluster" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "partition" INTEGER NOT NULL,
    "events" BIGINT NOT NULL,
    "with_event_id" BIGINT NOT NULL,
    "with_correlation_id" BIGINT NOT NULL,
    "with_causation_id" BIGINT NOT NULL,
    "duplicates_checked" BIGINT NOT NULL,
    "duplicate_event_ids" BIGINT NOT NULL,
    "dead_letters" BIGINT NOT NULL,
    "conventions" JSONB NOT NULL DEFAULT '{}',
    "first_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "topic_coverage_pkey" PRIMARY KEY ("cluster","topic","partition")
);
