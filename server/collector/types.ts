import type { CopyWriter } from '../../lib/copy-writer';
import type { PayloadSchema } from '../../lib/trace-types';
import type { IdSourceField } from './conventions/read-ids';

export interface ExtractLimits {
  /** Bytes of payload kept as a preview (default 64 KB). */
  payloadPreviewBytes: number;
  /** Bytes kept of one header value (default 4 KB). */
  headerValueBytes: number;
  /** Headers kept per record (default 64). */
  maxHeaders: number;
  /** Bytes kept of a record key (default 1 KB). */
  keyBytes: number;
}

/** Why a record is stored the way it is. Counted per reason and shown in the UI. */
export type Problem =
  | 'binary_payload'
  | 'invalid_utf8'
  | 'invalid_json'
  | 'payload_truncated'
  | 'headers_truncated'
  | 'header_binary'
  | 'key_binary'
  | 'key_truncated'
  | 'traceparent_malformed'
  | 'id_too_long'
  /** The value is in the schema registry's wire format but could not be decoded (events.payload_schema says why). */
  | 'schema_undecoded';

/** One record, ready to be written (column values of the `events` table). */
export interface EventRow {
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
  key: string | null;
  headers: Record<string, string>;
  eventId: string;
  eventType: string | null;
  eventVersion: string | null;
  source: string | null;
  correlationId: string | null;
  causationId: string | null;
  /** Which convention gave each id found, e.g. `{ correlationId: 'w3c-traceparent' }` (read-ids.ts: frozen, shared by rows with the same choice; replace it, never change it). */
  idSources: Readonly<Partial<Record<IdSourceField, string>>>;
  /** `topic/partition/offset` of the original record, when this one is a dead-letter copy. */
  deadLetterOf: string | null;
  /**
   * A retry or dead-letter copy: the consumer that wrote it (lib/copy-writer.ts). Not a
   * column: the flow rollups draw the copy from it and the trace summary counts it among the
   * services; the trace queries and retention's recount (copy-writer-sql.ts) apply the same
   * rule to the stored headers.
   */
  writer: CopyWriter | null;
  size: number;
  payloadEncoding: 'utf8' | 'json' | 'base64' | 'none';
  payloadPreview: string | null;
  payloadHash: string | null;
  problems: Problem[];
  /** The registry schemas of a wire-format value and key, when there were any (server/catalog/stored-payload-decoder.ts). */
  payloadSchema?: PayloadSchema | null;
}
