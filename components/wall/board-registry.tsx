import type { ReactNode } from 'react';
import type { WallBoardId, WallState } from '@/lib/wall-types';
import type { WallSource } from './wall-freshness';
import type { WallParams } from './wall-params';
import { DeadLettersBoard } from './dead-letters-board';
import { GroupsBoard } from './groups-board';
import { HealthBoard } from './health-board';
import { LagBoard } from './lag-board';

interface BoardDef {
  /** Which poll feeds the board: it dims when that source is stale. */
  source: WallSource;
  render: (state: WallState, params: WallParams) => ReactNode;
}

/**
 * Every board the wall can show. Typed by WALL_BOARDS (lib/wall-types.ts): a new board,
 * such as the flow map, is an id there and an entry here, and nothing else.
 */
export const BOARDS: Record<WallBoardId, BoardDef> = {
  health: { source: 'cluster', render: (s) => <HealthBoard health={s.health} /> },
  groups: { source: 'lag', render: (s) => <GroupsBoard groups={s.groups} /> },
  dlq: { source: 'cluster', render: (s) => <DeadLettersBoard deadLetters={s.deadLetters} /> },
  lag: { source: 'lag', render: (s, p) => <LagBoard groups={s.groups} chosen={p.lagGroups} /> },
};
