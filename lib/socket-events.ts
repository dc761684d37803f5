import type { ClusterOverview, KafkaConnectionState, TopicsDiff } from './cluster-types';
import type { GroupLagEvent, LagCycleEvent } from './lag-types';

/** Rooms: `cluster`, `lag` (every group's summary each cycle), `lag:<groupId>` (one group's detail). */
export type Room = 'cluster' | 'lag' | `lag:${string}`;

/** Events the server pushes. Rooms: a client joins `cluster` to get these. */
export interface ServerToClientEvents {
  'cluster:overview': (overview: ClusterOverview) => void;
  'cluster:connection': (state: KafkaConnectionState) => void;
  'topics:diff': (diff: TopicsDiff) => void;
  'lag:cycle': (cycle: LagCycleEvent) => void;
  'lag:group': (event: GroupLagEvent) => void;
}

export interface ClientToServerEvents {
  subscribe: (room: Room) => void;
  unsubscribe: (room: Room) => void;
}
