'use client';

import { useEffect, useRef } from 'react';
import type { Room, ServerToClientEvents } from '@/lib/socket-events';
import { getSocket } from './socket-client';

/** Handlers for the pushes of one room, by event name. */
export type RoomHandlers = Partial<ServerToClientEvents>;
type EventName = keyof ServerToClientEvents;

/**
 * Joins `room` while mounted and listens to the named events. Rooms don't survive a
 * reconnect and pushes sent while we were away are lost, so on every (re)connect we join
 * again and call `onJoin` (typically: refetch what the pushes keep live). Handlers may be
 * new functions on every render: the socket keeps one listener per event for the life of
 * the room, and that listener calls the latest handler.
 */
export function useRoom(room: Room, handlers: RoomHandlers, onJoin?: () => void): void {
  const latest = useRef({ handlers, onJoin });
  useEffect(() => {
    latest.current = { handlers, onJoin };
  });
  // Which events we listen to changes rarely; a sorted list keeps the effect stable.
  const eventList = (Object.keys(handlers) as EventName[]).sort().join(' ');

  useEffect(() => {
    const socket = getSocket();
    function onConnect() {
      socket.emit('subscribe', room);
      latest.current.onJoin?.();
    }
    const listeners = (eventList ? (eventList.split(' ') as EventName[]) : []).map((name) => {
      const listener = (...args: unknown[]) => (latest.current.handlers[name] as ((...a: unknown[]) => void) | undefined)?.(...args);
      return [name, listener as ServerToClientEvents[EventName]] as const;
    });

    socket.on('connect', onConnect);
    for (const [name, listener] of listeners) socket.on(name, listener);
    if (socket.connected) onConnect();
    else if (!socket.active) socket.connect();

    return () => {
      socket.off('connect', onConnect);
      for (const [name, listener] of listeners) socket.off(name, listener);
      if (socket.connected) socket.emit('unsubscribe', room);
    };
  }, [room, eventList]);
}
