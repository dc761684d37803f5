import { z } from 'zod';
import type { DeadLetterInfo } from './dead-letter-headers';

/** Most records one message-browser page returns. */
export const MAX_MESSAGE_PAGE = 500;
/** Bytes of a key, value or header shown before the preview is cut. */
export const DEFAULT_PREVIEW_BYTES = 64 * 1024;

/** Characters of a CEL filter at most. */
export const MAX_FILTER_LENGTH = 2000;

const offset = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** A time as epoch milliseconds or an ISO date-time, always read as epoch milliseconds. */
const timestamp = z.union([
  z.coerce.number().int().min(0).max(8_640_000_000_000_000),
  z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)),
]);

/**
 * The message browser's query: where a page starts. At most one of offset, before and
 * timestamp; none means the newest records. Without a partition only the newest and
 * timestamp starts work (all partitions, merged by timestamp).
 */
export const messageQuerySchema = z
  .object({
    partition: z.coerce.number().int().min(0).max(1_000_000).optional(),
    /** The page starts at this offset... */
    offset: offset.optional(),
    /** ...with up to this many records before it (a deep link shows the record in context). */
    context: z.coerce.number().int().min(0).max(MAX_MESSAGE_PAGE).default(0),
    /** The page ends just before this offset (paging to older records). */
    before: offset.optional(),
    timestamp: timestamp.optional(),
    limit: z.coerce.number().int().min(1).max(MAX_MESSAGE_PAGE).default(50),
    /** A CEL predicate over each record (the replay filter's): only the page's records it holds for are returned. */
    filter: z.string().trim().max(MAX_FILTER_LENGTH).optional().transform((f) => (f ? f : undefined)),
  })
  .refine((q) => [q.offset, q.before, q.timestamp].filter((v) => v !== undefined).length <= 1, {
    message: 'Give at most one of offset, before and timestamp.',
  })
  .refine((q) => q.partition !== undefined || (q.offset === undefined && q.before === undefined), {
    message: 'Reading from an offset needs a partition: add partition=<n>.',
    path: ['partition'],
  });
export type MessageQuery = z.output<typeof messageQuerySchema>;

export type SchemaFormat = 'avro' | 'protobuf' | 'json';

/** The registered schema a payload in the Confluent wire format was decoded with. */
export interface SchemaRef {
  /** The registry's global schema id (bytes 1-4 of the payload). */
  id: number;
  format: SchemaFormat;
  /** Null when the registry did not say which subject holds this id. */
  subject: string | null;
  version: number | null;
  /**
   * The record's type as the schema names it: Avro `namespace.name`, the Protobuf message's
   * full name (the one the record's message indexes pick), JSON Schema `title`; null when
   * the schema names none (an Avro `"string"`, a JSON Schema without a title).
   */
  name: string | null;
}

/** Bytes as the browser shows them: JSON pretty-printed, text, or a hex preview of binary. */
export interface DecodedBytes {
  kind: 'json' | 'text' | 'binary';
  /** Pretty JSON, the text, or hex pairs — cut at the preview limit. */
  preview: string;
  /** Full size in bytes. */
  size: number;
  truncated: boolean;
  /** Set when the bytes were registry-encoded and decoded with this schema (kind is then 'json'). */
  schema?: SchemaRef;
  /** Set when the bytes look registry-encoded but could not be decoded (kind is then 'binary'). */
  schemaError?: { schemaId: number; reason: string };
}

export interface MessageHeader {
  key: string;
  value: DecodedBytes | null;
}

export type TimestampType = 'create' | 'log-append';

export interface MessageRecord {
  partition: number;
  offset: number;
  /** Epoch milliseconds. */
  timestamp: number;
  timestampType: TimestampType | null;
  key: DecodedBytes | null;
  value: DecodedBytes | null;
  headers: MessageHeader[];
  /** Key, value and header bytes together. */
  size: number;
  /** Where a dead-lettered record came from and why it failed, from its headers (null: none). */
  deadLetter: DeadLetterInfo | null;
}

export interface PartitionRange {
  partition: number;
  /** First offset still in the log. */
  logStart: number;
  /** One past the last readable offset (the last stable offset: open transactions excluded). */
  logEnd: number;
}

export interface MessagePage {
  topic: string;
  partitions: PartitionRange[];
  /** The partition read, or null for all partitions merged by timestamp. */
  partition: number | null;
  /** Oldest first (by offset in one partition, by timestamp across partitions). */
  records: MessageRecord[];
  /** Older records exist before the first one (one partition only). */
  hasOlder: boolean;
  /** Newer records exist after the last one (one partition only). */
  hasNewer: boolean;
  /** Where a timestamp start landed in the partition (null otherwise). */
  resolvedOffset: number | null;
  previewBytes: number;
  /** Records read for this page before the filter; set only when a filter was given. */
  scanned?: number;
}
