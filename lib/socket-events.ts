import type { ClusterOverview, KafkaConnectionState, TopicsDiff } from './cluster-types';
import type { FlowUpdateEvent, FlowWindow } from './flow-types';
import type { GroupLagEvent, LagCycleEvent } from './lag-types';
import type { ReplayProgressEvent } from './replay-types';
import type { WallDeadLetters, WallDrift, WallFlows, WallGroups, WallHealth, WallHello } from './wall-types';

/**
 * Rooms a client may join: `cluster` (overview, connection, topic diffs), `lag` (every
 * group's summary each cycle), `lag:<groupId>` (one group's detail), `traces` (traces
 * that gained events), `flows:<window>` (the flow map of one window, at most every 2 s),
 * `replays` (every replay job's progress), `replay:<id>` (one job's), `wall` (the wall's
 * boards), `wall:flows` (the flows board's map, for a wall showing it) and `wall:drift`
 * (the drift board's figures, likewise): the last three are the only rooms a display may join.
 */
export type Room = 'cluster' | 'lag' | `lag:${string}` | 'traces' | `flows:${FlowWindow}` | 'wall' | 'wall:flows' | 'wall:drift' | 'replays' | `replay:${string}`;
/** Kept for the traces code, which names rooms this way. */
export type SocketRoom = Room;

/** Events the server pushes, each to the members of its room. */
export interface ServerToClientEvents {
  'cluster:overview': (overview: ClusterOverview) => void;
  'cluster:connection': (state: KafkaConnectionState) => void;
  'topics:diff': (diff: TopicsDiff) => void;
  'lag:cycle': (cycle: LagCycleEvent) => void;
  'lag:group': (event: GroupLagEvent) => void;
  /** Room `traces`: traces that gained events (coalesced, at most about twice a second). */
  'traces:changed': (change: { correlationIds: string[] }) => void;
  /** Rooms `replays` and `replay:<id>`: a job's counts, rate and ETA (at most 4 a second per job). */
  'replay:progress': (job: ReplayProgressEvent) => void;
  /** Room `flows:<window>`: the window's whole graph; the page lays it out again only when its shapeKey changed. */
  'flows:update': (event: FlowUpdateEvent) => void;
  /** Room `wall`: sent on joining; a wall that loaded another build reloads itself. */
  'wall:hello': (hello: WallHello) => void;
  'wall:health': (health: WallHealth) => void;
  'wall:groups': (groups: WallGroups) => void;
  'wall:dead-letters': (deadLetters: WallDeadLetters) => void;
  /** Room `wall:flows`: the flows board's map, on joining and then at most every 2 s. */
  'wall:flows': (flows: WallFlows) => void;
  /** Room `wall:drift`: the drift board's figures, on joining and then every WALL_DRIFT_POLL_MS. */
  'wall:drift': (drift: WallDrift) => void;
  /** To a display's own sockets just before they are closed: its token was revoked. */
  'display:revoked': () => void;
}

export interface ClientToServerEvents {
  subscribe: (room: Room) => void;
  unsubscribe: (room: Room) => void;
}
