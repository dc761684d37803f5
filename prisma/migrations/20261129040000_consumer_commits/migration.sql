-- CreateTable
CREATE TABLE "consumer_commits" (
    "group_id" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "partition" INTEGER NOT NULL,
    "committed_offset" BIGINT NOT NULL,
    "committed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "consumer_commits_pkey" PRIMARY KEY ("group_id","topic","partition","committed_offset")
);

-- CreateIndex
CREATE INDEX "consumer_commits_committed_at_idx" ON "consumer_commits"("committed_at");
