-- CreateTable
CREATE TABLE "display_tokens" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "boards" TEXT[],
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "last_seen_at" TIMESTAMPTZ(3),
    "last_seen_ip" TEXT,

    CONSTRAINT "display_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "display_tokens_token_hash_key" ON "display_tokens"("token_hash");

-- AlterTable: a wall display's session has a display token instead of a user
ALTER TABLE "sessions" ALTER COLUMN "user_id" DROP NOT NULL;
ALTER TABLE "sessions" ADD COLUMN "display_token_id" UUID;

-- CreateIndex
CREATE INDEX "sessions_display_token_id_idx" ON "sessions"("display_token_id");

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_display_token_id_fkey" FOREIGN KEY ("display_token_id") REFERENCES "display_tokens"("id") ON DELETE CASCADE ON UPDATE CASCADE;
