-- CreateTable
CREATE TABLE "replay_jobs" (
    "id" UUID NOT NULL,
    "state" TEXT NOT NULL,
    "selection" JSONB NOT NULL,
    "target" JSONB NOT NULL,
    "options" JSONB NOT NULL,
    "plan" JSONB NOT NULL,
    "checkpoint" JSONB NOT NULL,
    "total" INTEGER NOT NULL,
    "read_count" INTEGER NOT NULL DEFAULT 0,
    "matched_count" INTEGER NOT NULL DEFAULT 0,
    "sent_count" INTEGER NOT NULL DEFAULT 0,
    "failed_count" INTEGER NOT NULL DEFAULT 0,
    "skipped" JSONB NOT NULL DEFAULT '{}',
    "in_flight" INTEGER NOT NULL DEFAULT 0,
    "possible_duplicates" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "created_by" TEXT NOT NULL,
    "last_action_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "replay_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "replay_jobs_created_at_idx" ON "replay_jobs"("created_at" DESC);

-- CreateIndex
CREATE INDEX "replay_jobs_state_idx" ON "replay_jobs"("state");
