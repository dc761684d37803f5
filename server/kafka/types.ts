export interface RawPartition {
  partition: number;
  /** Node id of the leader; negative when the partition is offline. */
  leader: number;
  replicas: number[];
  isr: number[];
  offlineReplicas: number[];
  /** Log start offset; null when the leader could not be asked. */
  low: number | null;
  /** High watermark; null when the leader could not be asked. */
  high: number | null;
}

export interface RawTopic {
  name: string;
  internal: boolean;
  partitions: RawPartition[];
}

export interface RawClusterState {
  clusterId: string;
  controllerId: number | null;
  brokers: { nodeId: number; host: string; port: number; rack: string | null }[];
  topics: RawTopic[];
  observedAt: number;
}

export interface CreateTopicRequest {
  name: string;
  partitions: number;
  replicationFactor: number;
  configs?: Record<string, string>;
}
