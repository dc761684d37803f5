'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { queryKeys } from '@/components/api/query-keys';
import { getSocket } from '@/components/realtime/socket-client';

/**
 * Pushes come up to ten times a second and a 10,000-event trace takes about a second to load:
 * cancelling the fetch in flight on every push would starve it, so a push only starts a
 * fetch when none is running (the next push catches up).
 */
const LET_FETCH_FINISH = { cancelRefetch: false } as const;

/**
 * Joins the `traces` room while mounted. Each `traces:changed` push refetches what it
 * touches: the open trace if its id is in the push, and the first page of a search
 * (older pages are history; new traces appear at the top).
 */
export function useTracesLive(opts: { correlationId?: string; searchFirstPage?: string | null }): void {
  const queryClient = useQueryClient();
  const ref = useRef(opts);
  ref.current = opts;

  useEffect(() => {
    const socket = getSocket();
    function onConnect() {
      socket.emit('subscribe', 'traces');
    }
    function onChanged({ correlationIds }: { correlationIds: string[] }) {
      const { correlationId, searchFirstPage } = ref.current;
      if (correlationId && correlationIds.includes(correlationId)) {
        void queryClient.invalidateQueries({ queryKey: queryKeys.trace(correlationId) }, LET_FETCH_FINISH);
      }
      if (searchFirstPage != null) void queryClient.invalidateQueries({ queryKey: queryKeys.traceSearch(searchFirstPage) }, LET_FETCH_FINISH);
    }
    socket.on('connect', onConnect);
    socket.on('traces:changed', onChanged);
    if (socket.connected) onConnect();
    else if (!socket.active) socket.connect();
    return () => {
      socket.off('connect', onConnect);
      socket.off('traces:changed', onChanged);
      if (socket.connected) socket.emit('unsubscribe', 'traces');
    };
  }, [queryClient]);
}
