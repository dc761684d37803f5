import { z } from 'zod';
import { LAG_RANGES } from '../../../lib/lag-types';
import { compactFlowGraph } from '../../../lib/wall-flows';
import { WALL_BOARDS, type WallBoardId, type WallDrift, type WallFlows, type WallLagHistory, type WallState } from '../../../lib/wall-types';
import { ForbiddenError } from '../../auth';
import type { FlowService } from '../../flows';
import type { LagHistory } from '../../lag';
import type { WallFeed } from '../../wall';
import { EMPTY_WALL_DRIFT, WALL_DRIFT_POLL_MS, type WallDriftWatch } from '../../catalog';
import type { RouteContext, RouteDef } from '../route-table';

/** The lag board draws at most this many groups: more lines than that cannot be read from across a room. */
export const WALL_LAG_MAX_GROUPS = 6;

const lagQuery = z.object({
  groups: z
    .string()
    .default('')
    .transform((s) => [...new Set(s.split(',').map((g) => g.trim()).filter(Boolean))].slice(0, WALL_LAG_MAX_GROUPS)),
  range: z.enum(LAG_RANGES).default('15m'),
});

/**
 * The wall's reads, the only routes a display session may call besides the public ones.
 * They return figures, statuses and names — never a record's key, headers or payload.
 */
export function wallRoutes(deps: {
  feed: WallFeed;
  history: LagHistory | null;
  /** The flow map's service; the flows board shows its 5-minute graph, cut down by compactFlowGraph. */
  flows: FlowService | null;
  /** The drift board's figures (the event catalog's); null: the board shows nothing yet. */
  drift: WallDriftWatch | null;
  buildId: string;
  clusterPollMs: number;
  lagPollMs: number;
}): RouteDef[] {
  const { feed, history } = deps;
  const allowedBoards = (c: RouteContext) => c.get('session')!.display?.boards ?? [...WALL_BOARDS];
  const requireBoard = (c: RouteContext, board: WallBoardId) => {
    if (!allowedBoards(c).includes(board)) throw new ForbiddenError('display', 'display');
  };
  return [
    {
      method: 'GET',
      path: '/api/wall',
      access: 'display',
      handler: (c) => {
        const display = c.get('session')!.display;
        return c.json({
          buildId: deps.buildId,
          clusterPollMs: deps.clusterPollMs,
          lagPollMs: deps.lagPollMs,
          driftPollMs: WALL_DRIFT_POLL_MS,
          allowedBoards: allowedBoards(c),
          displayName: display?.name ?? null,
          ...feed.data(),
        } satisfies WallState);
      },
    },
    {
      method: 'GET',
      path: '/api/wall/lag',
      access: 'display',
      example: '/api/wall/lag?groups=some-group&range=15m',
      handler: async (c) => {
        requireBoard(c, 'lag');
        const q = lagQuery.parse(c.req.query());
        const groups = await Promise.all(
          q.groups.map(async (groupId) => ({ groupId, points: history ? (await history.query(groupId, q.range)).points : [] })),
        );
        return c.json({ groups } satisfies WallLagHistory);
      },
    },
    {
      method: 'GET',
      path: '/api/wall/flows',
      access: 'display',
      handler: async (c) => {
        requireBoard(c, 'flows');
        const empty: WallFlows = { from: Date.now(), to: Date.now(), nodes: [], edges: [], shapeKey: '0.0.0' };
        return c.json(deps.flows ? compactFlowGraph(await deps.flows.graph('5m')) : empty);
      },
    },
    {
      method: 'GET',
      path: '/api/wall/drift',
      access: 'display',
      handler: (c) => {
        requireBoard(c, 'drift');
        return c.json((deps.drift?.data() ?? EMPTY_WALL_DRIFT) satisfies WallDrift);
      },
    },
  ];
}
