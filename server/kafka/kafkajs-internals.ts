// The part of kafkajs 2.2.4's internal cluster and broker objects that Eventline uses,
// typed once. Reached only through lazyInternalCluster (lazy-connection.ts); the public
// admin API has no batched watermarks, record Fetch or memberless OffsetCommit.
import { installRequestFraming, type FramedBody } from './request-framing';

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
  refreshMetadataIfNecessary(): Promise<void>;
  findControllerBroker(): Promise<InternalBroker>;
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
  initProducerId(req: { transactionalId?: string; transactionTimeout: number }): Promise<{ producerId: string; producerEpoch: number }>;
  offsetCommit(req: {
    groupId: string;
    groupGenerationId: number;
    memberId: string;
    retentionTime?: number;
    topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
  }): Promise<unknown>;
}

/** A request kafkajs has no encoder for (or encodes too slowly): our bytes, our decoder. */
export interface RawRequest<T> {
  apiKey: number;
  apiVersion: number;
  apiName: string;
  /** The request body, after kafkajs's request header; a FramedBody is framed without a copy, and is sent once. */
  body: Buffer | FramedBody;
  requestTimeout?: number;
  decode: (response: Buffer) => T;
}

/**
 * Sends a request of our own encoding over a broker's kafkajs connection (its queue,
 * correlation ids, authentication and reconnects), through the broker's private sender,
 * which also drops a closed connection as kafkajs's own requests do. kafkajs asks
 * `encode()` for something with a `buffer` and copies it behind its header, unless it is
 * a FramedBody (request-framing.ts).
 */
export async function rawRequest<T>(broker: InternalBroker, req: RawRequest<T>): Promise<T> {
  const send = privateSender(broker);
  let encoded: { buf: Buffer; buffer: Buffer };
  if (Buffer.isBuffer(req.body)) encoded = { buf: req.body, buffer: req.body };
  else {
    installRequestFraming();
    encoded = req.body;
  }
  return (await send.call(broker, {
    request: { apiKey: req.apiKey, apiVersion: req.apiVersion, apiName: req.apiName, expectResponse: () => true, encode: async () => encoded },
    response: { decode: async (payload: Buffer) => req.decode(payload), parse: async (decoded: T) => decoded },
    requestTimeout: req.requestTimeout,
  })) as T;
}

function privateSender(broker: InternalBroker): (request: unknown) => Promise<unknown> {
  const proto = Object.getPrototypeOf(broker) as Record<symbol, unknown>;
  const symbol = Object.getOwnPropertySymbols(proto).find((s) => s.description === 'private:Broker:sendRequest');
  const send = symbol ? proto[symbol] : undefined;
  if (typeof send !== 'function') throw new Error('kafkajs internals changed: private:Broker:sendRequest not found (kafkajs 2.2.4 expected)');
  return send as (request: unknown) => Promise<unknown>;
}
