import type { ClusterOverview, KafkaConnectionState, TopicsDiff } from './cluster-types';

/** Events the server pushes. Rooms: a client joins `cluster` to get these. */
export interface ServerToClientEvents {
  'cluster:overview': (overview: ClusterOverview) => void;
  'cluster:connection': (state: KafkaConnectionState) => void;
  'topics:diff': (diff: TopicsDiff) => void;
}

export interface ClientToServerEvents {
  subscribe: (room: 'cluster') => void;
  unsubscribe: (room: 'cluster') => void;
}
