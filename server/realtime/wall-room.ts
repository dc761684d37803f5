import type { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../lib/socket-events';
import type { DisplayTokens } from '../auth';
import type { WallFeed } from '../wall';

type Io = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, unknown>;

/** A display's sockets sit in this server-side room (clients cannot ask for it), so revoking reaches them on every process. */
export const displayRoom = (tokenId: string) => `display:${tokenId}`;
/** Time for the "revoked" message to reach the screen before its socket is closed. */
const REVOKE_FLUSH_MS = 250;

/**
 * The `wall` room: the wall feed's pushes, the current state on joining (with the build
 * id, so a wall on an old build reloads), and revoked displays told and closed at once —
 * the session re-check every 30 s is only the backstop.
 */
export function attachWallRoom(io: Io, deps: { feed: WallFeed | undefined; buildId: string; displays: DisplayTokens }) {
  const { feed } = deps;
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
    close() {
      feed?.events.off('health', onHealth);
      feed?.events.off('groups', onGroups);
      feed?.events.off('deadLetters', onDeadLetters);
      deps.displays.events.off('revoked', onRevoked);
    },
  };
}
