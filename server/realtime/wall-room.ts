import type { Server } from 'socket.io';
import { compactFlowGraph } from '../../lib/wall-flows';
import type { WallBoardId } from '../../lib/wall-types';
import type { ClientToServerEvents, ServerToClientEvents } from '../../lib/socket-events';
import type { DisplayTokens } from '../auth';
import type { FlowService } from '../flows';
import type { Logger } from '../log/logger';
import type { WallFeed } from '../wall';
import type { WallDriftWatch } from '../catalog';

type Io = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, unknown>;

/** A display's sockets sit in this server-side room (clients cannot ask for it), so revoking reaches them on every process. */
export const displayRoom = (tokenId: string) => `display:${tokenId}`;
/** The flows board's room; only a wall showing that board joins it, so nobody builds the map for walls that do not. */
export const WALL_FLOWS_ROOM = 'wall:flows';
/** The drift board's room, joined likewise by walls showing that board. */
export const WALL_DRIFT_ROOM = 'wall:drift';
/** Time for the "revoked" message to reach the screen before its socket is closed. */
const REVOKE_FLUSH_MS = 250;

/**
 * The `wall` room: the wall feed's pushes, the current state on joining (with the build
 * id, so a wall on an old build reloads), and revoked displays told and closed at once —
 * the session re-check every 30 s is only the backstop.
 */
export function attachWallRoom(io: Io, deps: { feed: WallFeed | undefined; flows: FlowService | undefined; drift: WallDriftWatch | undefined; buildId: string; displays: DisplayTokens; log: Logger }) {
  const { feed } = deps;
  // Each process reads the drift figures itself and pushes to its own members (io.local): no copy per process.
  const onDrift = (d: Parameters<ServerToClientEvents['wall:drift']>[0]) => io.local.to(WALL_DRIFT_ROOM).emit('wall:drift', d);
  deps.drift?.events.on('drift', onDrift);
  const onHealth = (h: Parameters<ServerToClientEvents['wall:health']>[0]) => io.to('wall').emit('wall:health', h);
  const onGroups = (g: Parameters<ServerToClientEvents['wall:groups']>[0]) => io.to('wall').emit('wall:groups', g);
  const onDeadLetters = (d: Parameters<ServerToClientEvents['wall:dead-letters']>[0]) => io.to('wall').emit('wall:dead-letters', d);
  const onRevoked = (tokenId: string) => {
    io.to(displayRoom(tokenId)).emit('display:revoked');
    setTimeout(() => io.in(displayRoom(tokenId)).disconnectSockets(true), REVOKE_FLUSH_MS).unref();
  };
  feed?.events.on('health', onHealth);
  feed?.events.on('groups', onGroups);
  feed?.events.on('deadLetters', onDeadLetters);
  deps.displays.events.on('revoked', onRevoked);

  return {
    join(socket: { join(room: string): unknown; emit: Io['emit'] }) {
      if (!feed) return;
      void socket.join('wall');
      const data = feed.data();
      socket.emit('wall:hello', { buildId: deps.buildId });
      socket.emit('wall:health', data.health);
      socket.emit('wall:groups', data.groups);
      socket.emit('wall:dead-letters', data.deadLetters);
    },
    /**
     * Room `wall:flows`, for a wall showing the flows board: a display whose token does not
     * allow that board is not let in (`boards` null: a person, who may show every board).
     * The map comes at once; socket-server.ts pushes it every 2 s after, while anyone is in.
     */
    joinFlows(socket: { join(room: string): unknown; emit: Io['emit'] }, boards: readonly WallBoardId[] | null) {
      if (!deps.flows || (boards && !boards.includes('flows'))) return;
      void socket.join(WALL_FLOWS_ROOM);
      deps.flows
        .graph('5m')
        .then((g) => socket.emit('wall:flows', compactFlowGraph(g)))
        .catch((err: Error) => deps.log.warn('wall flow map failed', { error: err.message }));
    },
    /** Room `wall:drift`, for a wall showing the drift board; a display whose token does not allow it is not let in. */
    joinDrift(socket: { join(room: string): unknown; emit: Io['emit'] }, boards: readonly WallBoardId[] | null) {
      if (!deps.drift || (boards && !boards.includes('drift'))) return;
      void socket.join(WALL_DRIFT_ROOM);
      socket.emit('wall:drift', deps.drift.data());
    },
    close() {
      deps.drift?.events.off('drift', onDrift);
      feed?.events.off('health', onHealth);
      feed?.events.off('groups', onGroups);
      feed?.events.off('deadLetters', onDeadLetters);
      deps.displays.events.off('revoked', onRevoked);
    },
  };
}
