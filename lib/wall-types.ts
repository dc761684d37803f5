import { z } from 'zod';
import type { FlowEdge, FlowNode } from './flow-types';
import type { GroupLagPoint, GroupState, LagStatus } from './lag-types';

/**
 * The wall's boards, in their default order. This list is the one place a board is
 * declared: display tokens are validated against it, the admin form offers it, and the
 * wall's board registry (components/wall/board-registry.tsx) is typed by it, so adding
 * an id here fails the build until the board's component exists.
 */
export const WALL_BOARDS = ['health', 'groups', 'dlq', 'flows', 'lag', 'drift'] as const;
export const wallBoardSchema = z.enum(WALL_BOARDS);
export type WallBoardId = z.infer<typeof wallBoardSchema>;

export const WALL_BOARD_TITLES: Record<WallBoardId, string> = {
  health: 'Cluster health',
  groups: 'Consumer groups',
  dlq: 'Dead letters',
  flows: 'Flow map',
  lag: 'Lag',
  drift: 'Event drift',
};

/** Broker and collector figures for the health board. No topic or message content. */
export interface WallHealth {
  /** When the cluster was last read, ms since epoch; null before the first read. */
  observedAt: number | null;
  /** KAFKA_CLUSTER_NAME, or the first bootstrap broker. */
  clusterName: string | null;
  kafka: 'connected' | 'connecting' | 'unreachable';
  kafkaError: string | null;
  brokers: number;
  controllerId: number | null;
  topicCount: number;
  partitionCount: number;
  underReplicatedPartitions: number;
  offlinePartitions: number;
  /** Records written per second over every non-internal topic; null until two reads. */
  messagesInPerSecond: number | null;
  /** Records consumed per second: committed offsets moved, over every group; null until two lag cycles. */
  messagesOutPerSecond: number | null;
  collector: { state: 'running' | 'off' | 'failing'; eventsPerSecond: number; lastError: string | null };
}

export interface WallGroup {
  groupId: string;
  status: LagStatus;
  state: GroupState;
  members: number;
  lag: number | null;
  lagSeconds: number | null;
  reason: string;
  statusSince: number;
}

/** Every consumer group, worst status first, then most seconds behind. */
export interface WallGroups {
  observedAt: number | null;
  error: string | null;
  groups: WallGroup[];
}

export interface WallDeadLetterTopic {
  topic: string;
  /** Records per minute going in now; null until two reads. */
  perMinute: number | null;
  /** Records the topic holds (high − low watermark). */
  messages: number;
  /** Recent per-minute rates, oldest first, for the sparkline. */
  spark: { at: number; perMinute: number }[];
}

export interface WallDeadLetters {
  observedAt: number | null;
  topics: WallDeadLetterTopic[];
}

/**
 * The flows board: the flow map's last 5 minutes, cut down for a screen nobody touches
 * (lib/wall-flows.ts): no internal or idle topics, no causal layer, no event type names.
 * Names, rates, lag and statuses only. GET /api/wall/flows, then room `wall:flows`.
 */
export interface WallFlows {
  /** ms since epoch: the rates are over [from, to]. */
  from: number;
  to: number;
  nodes: FlowNode[];
  /** Produce and consume edges between the nodes shown. */
  edges: FlowEdge[];
  /** Changes only when a node or an edge comes or goes: the board lays out again only then. */
  shapeKey: string;
}

/**
 * The drift board: how much the events' shapes drifted lately, and the types that drifted
 * most. Type names, versions, field names and counts — never a payload or an example value.
 * GET /api/wall/drift, then room `wall:drift`, for displays allowed the board.
 */
export interface WallDrift {
  /** ms since epoch the figures were read; null before the first read. */
  observedAt: number | null;
  lastHour: number;
  lastDay: number;
  /** What the registry shows against the wire now; null with no registry. */
  registryFindings: number | null;
  /** Most drift in the last day first (then most ever), at most WALL_DRIFT_TYPES. */
  worst: WallDriftType[];
}

export interface WallDriftType {
  eventType: string;
  version: string;
  lastDay: number;
  total: number;
  /** Drift per kind in the last day. */
  kinds: Partial<Record<'added' | 'type-changed', number>>;
  /** The field of the latest drift. */
  latestPath: string | null;
  latestAt: string | null;
}

/** Types the drift board lists: as many as can be read from across a room. */
export const WALL_DRIFT_TYPES = 6;

/** GET /api/wall: everything the boards need to draw at once; later changes come over the `wall` room. */
export interface WallState {
  buildId: string;
  /** Data older than two of these is stale. */
  clusterPollMs: number;
  lagPollMs: number;
  /** The boards this session may show: a display token's list, or every board for a person. */
  allowedBoards: WallBoardId[];
  /** The display's name when signed in with a display token. */
  displayName: string | null;
  health: WallHealth;
  groups: WallGroups;
  deadLetters: WallDeadLetters;
  /** How often the drift board's figures are read (GET /api/wall/drift, room `wall:drift`). */
  driftPollMs: number;
}

/** GET /api/wall/lag?groups=a,b: history of the chosen groups for the lag board. */
export interface WallLagHistory {
  groups: { groupId: string; points: GroupLagPoint[] }[];
}

/** Pushed on joining the `wall` room: a wall that sees another build id reloads itself. */
export interface WallHello {
  buildId: string;
}

// ---- display tokens (admin) ----

export const createDisplayTokenSchema = z.object({
  name: z.string().trim().min(1, 'Give the display a name').max(100, 'Use at most 100 characters'),
  boards: z.array(wallBoardSchema).min(1, 'Allow at least one board'),
  /** ISO date-time; omitted for a token that does not expire. */
  expiresAt: z
    .string()
    .datetime({ offset: true, message: 'must be a date and time' })
    .refine((s) => Date.parse(s) > Date.now(), 'must be in the future')
    .nullable()
    .optional(),
});
export type CreateDisplayTokenInput = z.infer<typeof createDisplayTokenSchema>;

export interface DisplayTokenView {
  id: string;
  name: string;
  boards: WallBoardId[];
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastSeenAt: string | null;
  lastSeenIp: string | null;
  status: 'active' | 'expired' | 'revoked';
}

/** POST /api/displays: the token appears in this answer only. */
export interface CreatedDisplayToken {
  display: DisplayTokenView;
  token: string;
}

/** The text a revoked display shows, and what the e2e test looks for. */
export const DISPLAY_REVOKED_TEXT = 'This display was revoked';

/** Parses `?boards=health,groups` against what the session may show; unknown or disallowed ids are dropped. */
export function parseBoardList(raw: string | null | undefined, allowed: readonly WallBoardId[]): WallBoardId[] {
  if (!raw) return [...allowed];
  const wanted = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is WallBoardId => (allowed as readonly string[]).includes(s));
  return [...new Set(wanted)];
}
