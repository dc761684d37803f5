-- Registry-encoded payloads: the schema a stored value (and key) was decoded with, or why not.
ALTER TABLE "events" ADD COLUMN "payload_schema" JSONB;
