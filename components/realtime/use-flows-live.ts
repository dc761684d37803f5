'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { FlowUpdateEvent, FlowWindow } from '@/lib/flow-types';
import { queryKeys } from '@/components/api/query-keys';
import { getSocket } from './socket-client';

/** Keeps ['flows', window] live from room `flows:<window>` (a whole graph at most every 2 s). */
export function useFlowsLive(window: FlowWindow): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const socket = getSocket();
    const room = `flows:${window}` as const;
    function onConnect() {
      socket.emit('subscribe', room);
      void queryClient.invalidateQueries({ queryKey: queryKeys.flows(window) });
    }
    function onUpdate(e: FlowUpdateEvent) {
      if (e.graph.window === window) queryClient.setQueryData(queryKeys.flows(window), e.graph);
    }
    socket.on('connect', onConnect);
    socket.on('flows:update', onUpdate);
    if (socket.connected) onConnect();
    else if (!socket.active) socket.connect();
    return () => {
      socket.off('connect', onConnect);
      socket.off('flows:update', onUpdate);
      if (socket.connected) socket.emit('unsubscribe', room);
    };
  }, [queryClient, window]);
}
