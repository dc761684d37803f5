import type { ReactNode } from 'react';
import type { WallBoardId, WallDrift, WallFlows, WallState } from '@/lib/wall-types';
import type { WallSource } from './wall-freshness';
import type { WallParams } from './wall-params';
import { DeadLettersBoard } from './dead-letters-board';
import { DriftBoard } from './drift-board';
import { FlowsBoard } from './flows-board';
import { GroupsBoard } from './groups-board';
import { HealthBoard } from './health-board';
import { LagBoard } from './lag-board';

/** What the wall fetches only for the boards shown (not part of GET /api/wall). */
export interface WallLive {
  flows: WallFlows | null;
  drift: WallDrift | null;
}

interface BoardDef {
  /** Which poll feeds the board: it dims when that source is stale. */
  source: WallSource;
  render: (state: WallState, params: WallParams, live: WallLive) => ReactNode;
}

/**
 * Every board the wall can show. Typed by WALL_BOARDS (lib/wall-types.ts): a new board
 * is an id there and an entry here, and nothing else.
 */
export const BOARDS: Record<WallBoardId, BoardDef> = {
  health: { source: 'cluster', render: (s) => <HealthBoard health={s.health} /> },
  groups: { source: 'lag', render: (s) => <GroupsBoard groups={s.groups} /> },
  dlq: { source: 'cluster', render: (s) => <DeadLettersBoard deadLetters={s.deadLetters} /> },
  // Consume rates, lag and statuses come from the lag cycles: the map is as fresh as they are.
  flows: { source: 'lag', render: (_s, _p, live) => <FlowsBoard flows={live.flows} /> },
  lag: { source: 'lag', render: (s, p) => <LagBoard groups={s.groups} chosen={p.lagGroups} /> },
  drift: { source: 'drift', render: (_s, _p, live) => <DriftBoard drift={live.drift} /> },
};
