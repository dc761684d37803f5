// THE browser's socket.io connection. Created on first use (never during server
// rendering), shared by every hook, and never connected on its own: the first
// live hook calls connect(). Feature hooks add named handlers and remove them.
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@/lib/socket-events';
import { redirectToLogin } from '@/components/data/api-client';

export type EventlineSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: EventlineSocket | null = null;

/** Wait before asking again after the server could not check our session. */
const RETRY_REFUSED_MS = 5_000;

export function getSocket(): EventlineSocket {
  if (socket) return socket;
  socket = io({
    // Same origin, default path /socket.io; the session cookie authenticates.
    withCredentials: true,
    autoConnect: false,
    reconnectionDelay: 1_000,
    reconnectionDelayMax: 10_000,
  });
  const s = socket;
  // socket.io does not retry a handshake the server's middleware refused, so we decide:
  // 'unauthorized' means the session is gone (sign in again); 'unavailable' means the
  // server could not check the session right now (database down): try again later.
  s.on('connect_error', (err) => {
    if (err.message === 'unauthorized') redirectToLogin();
    else if (err.message === 'unavailable') setTimeout(() => s === socket && !s.active && s.connect(), RETRY_REFUSED_MS);
  });
  // The server drops sockets whose session ended. Reconnecting tells us which case this
  // is: a fresh handshake either succeeds or is refused as 'unauthorized' (see above).
  s.on('disconnect', (reason) => {
    if (reason === 'io server disconnect') s.connect();
  });
  return s;
}

/** Drops the connection (sign-out): the next getSocket() starts over with the new cookie. */
export function resetSocket(): void {
  socket?.removeAllListeners();
  socket?.disconnect();
  socket = null;
}
