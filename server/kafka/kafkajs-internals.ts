// The part of kafkajs 2.2.4's internal cluster and broker objects that Eventline uses,
// typed once. Reached only through lazyInternalCluster (lazy-connection.ts); the public
// admin API has no batched watermarks, record Fetch or memberless OffsetCommit.

/** ListOffsets timestamps meaning "the log end" and "the log start". */
export const LATEST = -1;
export const EARLIEST = -2;
/** Fetch/ListOffsets isolation levels. */
export const READ_UNCOMMITTED = 0;
export const READ_COMMITTED = 1;

export interface MetadataResponse {
  clusterId: string;
  controllerId: number;
  brokers: { nodeId: number; host: string; port: number; rack?: string | null }[];
  topicMetadata: {
    topic: string;
    isInternal?: boolean;
    partitionMetadata: { partitionId: number; leader: number; replicas: number[]; isr: number[]; offlineReplicas?: number[] }[];
  }[];
}

export interface InternalCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  metadata(opts: { topics: string[] }): Promise<MetadataResponse>;
  refreshMetadata(): Promise<void>;
  findTopicPartitionMetadata(topic: string): { partitionId: number; leader: number }[];
  addMultipleTargetTopics(topics: string[]): Promise<void>;
  findBroker(opts: { nodeId: string }): Promise<InternalBroker>;
  findGroupCoordinator(opts: { groupId: string }): Promise<InternalBroker>;
}

export interface FetchedMessage {
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: Record<string, Buffer | Buffer[] | null>;
  isControlRecord?: boolean;
  magicByte?: number;
  batchContext?: { producerId: string; inTransaction: boolean; timestampType?: number };
}

export interface FetchedPartition {
  partition: number;
  errorCode: number;
  highWatermark: string;
  abortedTransactions: { producerId: string; firstOffset: string }[];
  messages: FetchedMessage[];
}

export interface InternalBroker {
  listOffsets(req: {
    replicaId?: number;
    isolationLevel: number;
    topics: { topic: string; partitions: { partition: number; timestamp: number }[] }[];
  }): Promise<{ responses: { topic: string; partitions: { partition: number; offset: string }[] }[] }>;
  fetch(req: {
    replicaId?: number;
    isolationLevel: number;
    maxWaitTime: number;
    minBytes: number;
    maxBytes: number;
    topics: { topic: string; partitions: { partition: number; fetchOffset: string; maxBytes: number }[] }[];
  }): Promise<{ responses: { topicName: string; partitions: FetchedPartition[] }[] }>;
  offsetCommit(req: {
    groupId: string;
    groupGenerationId: number;
    memberId: string;
    retentionTime?: number;
    topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
  }): Promise<unknown>;
}
