-- Trace search at millions of traces. The filters by type, topic and service test array
-- membership with @> (GIN-indexable; `= ANY(col)` is not), and the first page walks
-- (cluster, last_at DESC, correlation_id DESC) in the order of the keyset paging.

-- DropIndex
DROP INDEX "traces_last_at_idx";

-- CreateIndex
CREATE INDEX "traces_cluster_last_at_correlation_id_idx" ON "traces"("cluster", "last_at" DESC, "correlation_id" DESC);

-- CreateIndex
CREATE INDEX "traces_types_idx" ON "traces" USING GIN ("types");

-- CreateIndex
CREATE INDEX "traces_topics_idx" ON "traces" USING GIN ("topics");

-- CreateIndex
CREATE INDEX "traces_services_idx" ON "traces" USING GIN ("services");
