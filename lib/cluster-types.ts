// Shapes the server sends to the browser for the cluster overview and the topics page.
// Both sides import these; the server builds them in server/kafka and server/topics.

export interface BrokerInfo {
  nodeId: number;
  host: string;
  port: number;
  rack: string | null;
  isController: boolean;
}

export interface ClusterOverview {
  /** What people call this cluster: KAFKA_CLUSTER_NAME, or the first bootstrap broker (host:port). */
  clusterName: string;
  /** Kafka's own id (the KRaft cluster id), shown as a tooltip. */
  clusterId: string;
  controllerId: number | null;
  brokers: BrokerInfo[];
  topicCount: number;
  internalTopicCount: number;
  partitionCount: number;
  underReplicatedPartitions: number;
  offlinePartitions: number;
  /** Milliseconds since epoch when this snapshot was taken. */
  observedAt: number;
}

export interface TopicSummary {
  name: string;
  internal: boolean;
  partitions: number;
  replicationFactor: number;
  /** Sum over partitions of (high watermark − low watermark). */
  messages: number;
  /** Messages per second from the high-watermark delta between two polls; null on the first poll. */
  messagesPerSecond: number | null;
  underReplicatedPartitions: number;
  offlinePartitions: number;
}

/** What the server currently knows about its connection to Kafka. */
export type KafkaConnectionState =
  | { status: 'connected'; brokers: string[]; since: number }
  | { status: 'connecting'; brokers: string[]; since: number }
  | { status: 'unreachable'; brokers: string[]; since: number; error: string; retryInMs: number };

export interface ClusterSnapshot {
  connection: KafkaConnectionState;
  overview: ClusterOverview | null;
  topics: TopicSummary[];
}

/** A diff of the topics list, pushed over socket.io after each poll. */
export interface TopicsDiff {
  upserted: TopicSummary[];
  removed: string[];
  observedAt: number;
}
