/**
 * What the status light says about the link to the Eventline server.
 * - live: connected, pushes arrive
 * - connecting: first attempt, nothing to worry about yet
 * - reconnecting: we were live and lost it; what's on screen may be stale
 * - offline: socket.io gave up (or was refused); only a reload will help
 */
export type SocketStatus = 'live' | 'connecting' | 'reconnecting' | 'offline';

export function socketStatus(s: { connected: boolean; active: boolean; everConnected: boolean }): SocketStatus {
  if (s.connected) return 'live';
  if (!s.active) return s.everConnected ? 'offline' : 'connecting';
  return s.everConnected ? 'reconnecting' : 'connecting';
}
