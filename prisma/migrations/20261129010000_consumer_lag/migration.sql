-- CreateTable
CREATE TABLE "lag_samples" (
    "group_id" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "partition" INTEGER NOT NULL,
    "sampled_at" TIMESTAMPTZ(3) NOT NULL,
    "committed_offset" BIGINT,
    "end_offset" BIGINT,
    "lag" BIGINT,
    "lag_seconds" DOUBLE PRECISION,

    CONSTRAINT "lag_samples_pkey" PRIMARY KEY ("group_id","topic","partition","sampled_at")
);

-- CreateTable
CREATE TABLE "lag_group_samples" (
    "group_id" TEXT NOT NULL,
    "sampled_at" TIMESTAMPTZ(3) NOT NULL,
    "total_lag" BIGINT,
    "max_lag_seconds" DOUBLE PRECISION,
    "status" TEXT NOT NULL,

    CONSTRAINT "lag_group_samples_pkey" PRIMARY KEY ("group_id","sampled_at")
);

-- CreateTable
CREATE TABLE "lag_rollups" (
    "group_id" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "partition" INTEGER NOT NULL,
    "step_ms" INTEGER NOT NULL,
    "bucket_start" TIMESTAMPTZ(3) NOT NULL,
    "lag" BIGINT,
    "lag_seconds" DOUBLE PRECISION,
    "status" TEXT,

    CONSTRAINT "lag_rollups_pkey" PRIMARY KEY ("group_id","topic","partition","step_ms","bucket_start")
);

-- CreateTable
CREATE TABLE "lag_status_changes" (
    "id" BIGSERIAL NOT NULL,
    "group_id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "from_status" TEXT,
    "to_status" TEXT NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "lag_status_changes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "lag_samples_sampled_at_idx" ON "lag_samples"("sampled_at");

-- CreateIndex
CREATE INDEX "lag_group_samples_sampled_at_idx" ON "lag_group_samples"("sampled_at");

-- CreateIndex
CREATE INDEX "lag_rollups_step_ms_bucket_start_idx" ON "lag_rollups"("step_ms", "bucket_start");

-- CreateIndex
CREATE INDEX "lag_status_changes_group_id_at_idx" ON "lag_status_changes"("group_id", "at");
