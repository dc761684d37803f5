import type { ClusterOverview, KafkaConnectionState, TopicsDiff } from './cluster-types';

/** Events the server pushes. Rooms: a client joins `cluster` to get these. */
export interface ServerToClientEvents {
  'cluster:overview': (overview: ClusterOverview) => void;
  'cluster:connection': (state: KafkaConnectionState) => void;
  'topics:diff': (diff: TopicsDiff) => void;
  /** Room `traces`: traces that gained events (coalesced, at most about twice a second). */
  'traces:changed': (change: { correlationIds: string[] }) => void;
}

export type SocketRoom = 'cluster' | 'traces';

export interface ClientToServerEvents {
  subscribe: (room: SocketRoom) => void;
  unsubscribe: (room: SocketRoom) => void;
}
