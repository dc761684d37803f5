/** Where each id is looked for, in order (DESIGN.md, "Conventions for ids in events"). */
export interface IdConventions {
  eventId: { headers: string[]; paths: string[] };
  correlationId: { headers: string[]; paths: string[]; traceparent: boolean };
  causationId: { headers: string[]; paths: string[] };
  eventType: { headers: string[]; paths: string[] };
  eventVersion: { headers: string[]; paths: string[] };
  source: { headers: string[]; paths: string[] };
}

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
  | 'id_too_long';

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
  size: number;
  payloadEncoding: 'utf8' | 'json' | 'base64' | 'none';
  payloadPreview: string | null;
  payloadHash: string | null;
  problems: Problem[];
}
