'use client';

import { useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import { DISPLAY_REVOKED_TEXT, WALL_BOARD_TITLES, type WallState } from '@/lib/wall-types';
import { formatClock } from '@/components/format/format';
import { useNow } from '@/components/ui/use-now';
import { BOARDS } from './board-registry';
import { wallFreshness } from './wall-freshness';
import { parseWallParams } from './wall-params';
import { useWall } from './use-wall';
import styles from './wall.module.css';

/** The kiosk view: one board at a time (rotating), a clock, and a loud banner whenever what it shows may be old. */
export function WallPage() {
  const search = useSearchParams();
  const [allowed, setAllowed] = useState<WallState['allowedBoards'] | undefined>(undefined);
  const params = useMemo(() => parseWallParams(new URLSearchParams(search.toString()), allowed), [search, allowed]);
  const wall = useWall({ flows: allowed !== undefined && params.boards.includes('flows'), drift: allowed !== undefined && params.boards.includes('drift') });
  const now = useNow(1_000);
  const loadedAllowed = wall.state?.allowedBoards;
  useEffect(() => setAllowed(loadedAllowed), [loadedAllowed]);
  const [index, setIndex] = useState(0);

  useEffect(() => {
    if (!params.rotateMs) return;
    const id = setInterval(() => setIndex((i) => i + 1), params.rotateMs);
    return () => clearInterval(id);
  }, [params.rotateMs]);

  if (wall.ended) {
    return (
      <div className={styles.ended} data-testid="wall-revoked">
        <div>{DISPLAY_REVOKED_TEXT}.</div>
        <div className={styles.endedHint}>An admin can create a new display link under Admin → Displays.</div>
      </div>
    );
  }
  if (!wall.state) {
    return (
      <div className={styles.wall} data-testid="wall-loading">
        <div className={styles.main}>
          <div className={styles.empty}>Connecting to Eventline…</div>
        </div>
      </div>
    );
  }

  const state = wall.state;
  const boardId = params.boards[index % params.boards.length];
  const fresh = wallFreshness({
    now,
    connected: wall.connected,
    disconnectedAt: wall.disconnectedAt,
    lastFresh: wall.lastFresh,
    pollMs: { cluster: state.clusterPollMs, lag: state.lagPollMs, drift: state.driftPollMs },
  });
  const board = boardId ? BOARDS[boardId] : null;
  const boardStale = board ? fresh.stale[board.source] : false;

  return (
    <div className={styles.wall} data-testid="wall" data-board={boardId ?? ''}>
      <header className={styles.header}>
        <h1 className={styles.boardTitle}>{boardId ? WALL_BOARD_TITLES[boardId] : 'No board allowed'}</h1>
        {state.displayName ? <span className={styles.displayName}>{state.displayName}</span> : null}
        <span className={styles.spacer} />
        {params.boards.length > 1 ? (
          <span className={styles.dots} aria-hidden="true">
            {params.boards.map((b) => (
              <span key={b} className={`${styles.dot} ${b === boardId ? styles.dotActive : ''}`} />
            ))}
          </span>
        ) : null}
        <span className={styles.clock}>{formatClock(now)}</span>
      </header>
      {fresh.staleSince !== null ? (
        <div className={styles.staleBanner} role="alert" data-testid="wall-stale">
          Stale since {formatClock(fresh.staleSince)}
          {fresh.why ? ` — ${fresh.why}` : ''}
        </div>
      ) : null}
      <main className={`${styles.main} ${boardStale ? styles.stale : ''}`} data-stale={boardStale ? 'true' : 'false'}>
        {board && boardId ? <div key={`${boardId}-${index}`} style={{ height: '100%' }}>{board.render(state, params, { flows: wall.flows, drift: wall.drift })}</div> : null}
      </main>
    </div>
  );
}
