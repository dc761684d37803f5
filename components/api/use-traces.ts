'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { CollectorHealth, TraceDetail, TraceEventDetail, TracePage } from '@/lib/trace-types';
import { apiFetch } from '@/components/data/api-client';
import { queryKeys } from '@/components/data/query-keys';

/** One page of traces for a search (URLSearchParams string, cursor included). */
export function useTraceSearch(params: string) {
  return useQuery({
    queryKey: queryKeys.traceSearch(params),
    queryFn: ({ signal }) => apiFetch<TracePage>(`/api/traces?${params}`, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useTrace(correlationId: string) {
  return useQuery({
    queryKey: queryKeys.trace(correlationId),
    queryFn: ({ signal }) => apiFetch<TraceDetail>(`/api/traces/${encodeURIComponent(correlationId)}`, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useTraceEvent(id: string | null) {
  return useQuery({
    queryKey: queryKeys.event(id ?? ''),
    queryFn: ({ signal }) => apiFetch<TraceEventDetail>(`/api/events/${encodeURIComponent(id!)}`, { signal }),
    enabled: id !== null,
    staleTime: Infinity, // a stored event never changes
  });
}

export function useCollectorHealth() {
  return useQuery({
    queryKey: queryKeys.collector,
    queryFn: ({ signal }) => apiFetch<CollectorHealth>('/api/collector', { signal }),
    refetchInterval: 5_000,
  });
}
