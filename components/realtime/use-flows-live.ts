'use client';

import { useQueryClient } from '@tanstack/react-query';
import type { FlowWindow } from '@/lib/flow-types';
import { queryKeys } from '@/components/data/query-keys';
import { useRoom } from './use-room';

/** Keeps ['flows', window] live from room `flows:<window>` (a whole graph at most every 2 s). */
export function useFlowsLive(window: FlowWindow): void {
  const queryClient = useQueryClient();
  useRoom(
    `flows:${window}`,
    { 'flows:update': (e) => e.graph.window === window && queryClient.setQueryData(queryKeys.flows(window), e.graph) },
    () => void queryClient.invalidateQueries({ queryKey: queryKeys.flows(window) }),
  );
}
