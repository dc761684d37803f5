import { parseBoardList, WALL_BOARDS, type WallBoardId } from '../../lib/wall-types';

/** Seconds a board stays up when the URL asks to rotate without a number. */
export const DEFAULT_ROTATE_S = 30;
/** Shorter than this and nobody can read a board before it goes. */
export const MIN_ROTATE_S = 5;
/** Groups the lag board picks by itself (the worst) when the URL names none. */
export const DEFAULT_LAG_GROUPS = 4;

export interface WallParams {
  boards: WallBoardId[];
  /** ms per board; null shows the first board only (or when there is one). */
  rotateMs: number | null;
  /** Groups for the lag board from `?lag=a,b`; empty picks the worst groups. */
  lagGroups: string[];
}

/**
 * `?boards=health,groups,dlq,lag&rotate=30&lag=orders-svc,payments-svc`, against the boards
 * this session may show. Unknown boards are dropped; no usable board means all allowed ones.
 */
export function parseWallParams(search: URLSearchParams, allowed: readonly WallBoardId[] = WALL_BOARDS): WallParams {
  const chosen = parseBoardList(search.get('boards'), allowed);
  const boards = chosen.length ? chosen : [...allowed];
  const rotateRaw = search.get('rotate');
  const seconds = rotateRaw === null ? DEFAULT_ROTATE_S : Number(rotateRaw);
  const rotateMs = boards.length > 1 && Number.isFinite(seconds) && seconds > 0 ? Math.max(MIN_ROTATE_S, seconds) * 1000 : null;
  const lagGroups = (search.get('lag') ?? '')
    .split(',')
    .map((g) => g.trim())
    .filter(Boolean);
  return { boards, rotateMs, lagGroups };
}
