import { DEFAULT_PREVIEW_BYTES, type MessagePage, type MessageQuery } from '../../lib/message-types';
import type { KafkaService } from '../kafka';
import { createRecordReader } from '../kafka/record-reader';
import { readMessagePage } from './read-page';
import type { SchemaDecoder } from '../catalog/schema-decoder';

export { PartitionNotFoundError } from './message-errors';

/**
 * The message browser, read-only: pages of records from a topic, decoded for display.
 * Records are read with Fetch requests, never through a consumer group.
 */
export function createMessageBrowser(deps: { kafka: KafkaService; previewBytes?: number; schemaDecoder?: SchemaDecoder | null }) {
  const reader = createRecordReader(deps.kafka.client, deps.kafka.brokers);
  const previewBytes = deps.previewBytes ?? DEFAULT_PREVIEW_BYTES;
  return {
    page: (topic: string, query: MessageQuery): Promise<MessagePage> => readMessagePage(reader, topic, query, previewBytes, deps.schemaDecoder ?? null),
    close: () => reader.close(),
  };
}

export type MessageBrowser = ReturnType<typeof createMessageBrowser>;
