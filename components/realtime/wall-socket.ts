// The wall's socket, the one socket besides socket-client.ts. A wall screen has other
// rules than a person's tab: it never sends anyone to sign in (a display cannot) and it
// never gives up. So it gets its own connection, created and dropped by useWall.
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@/lib/socket-events';

export type WallSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Not connected yet; socket.io's own retries (transport failures) back off from 1 s to 30 s. */
export function createWallSocket(): WallSocket {
  return io({
    withCredentials: true,
    autoConnect: false,
    reconnectionDelay: 1_000,
    reconnectionDelayMax: 30_000,
    randomizationFactor: 0.5,
  });
}
