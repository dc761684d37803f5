'use client';

import { useQuery } from '@tanstack/react-query';
import type { FlowGraph, FlowWindow } from '@/lib/flow-types';
import type { TraceDetail } from '@/lib/trace-types';
import { useSocketStatus } from '@/components/realtime/use-socket-status';
import { apiFetch } from '@/components/data/api-client';
import { queryKeys } from '@/components/data/query-keys';

/** Without pushes (socket down), poll this often. */
const FALLBACK_POLL_MS = 10_000;

/** One window's flow map; kept live by use-flows-live.ts (room `flows:<window>`). */
export function useFlowGraph(window: FlowWindow) {
  const live = useSocketStatus() === 'live';
  return useQuery({
    queryKey: queryKeys.flows(window),
    queryFn: ({ signal }) => apiFetch<FlowGraph>(`/api/flows?window=${window}`, { signal }),
    staleTime: live ? Infinity : FALLBACK_POLL_MS / 2,
    refetchInterval: live ? false : FALLBACK_POLL_MS,
    // Keep the last map on screen while another window loads: the layout cache stays warm.
    placeholderData: (prev) => prev,
  });
}

/** The events of the trace to show on the map (`/flows?trace=<correlationId>`); off without one. */
export function useTracePathEvents(correlationId: string | null) {
  return useQuery({
    queryKey: queryKeys.trace(correlationId ?? ''),
    queryFn: ({ signal }) => apiFetch<TraceDetail>(`/api/traces/${encodeURIComponent(correlationId!)}`, { signal }),
    enabled: correlationId !== null,
  });
}
