'use client';

import { useQuery } from '@tanstack/react-query';
import type { ClusterSnapshot } from '@/lib/cluster-types';
import { useSocketStatus } from '@/components/realtime/use-socket-status';
import { apiFetch } from '@/components/data/api-client';
import { queryKeys } from '@/components/data/query-keys';

/** Without pushes (socket down), poll this often so the screen never freezes silently. */
const FALLBACK_POLL_MS = 10_000;

/**
 * The cluster snapshot. Fetched once, then kept current by socket.io pushes
 * (see use-cluster-live.ts); while the socket is down it falls back to polling.
 */
export function useCluster() {
  const live = useSocketStatus() === 'live';
  return useQuery({
    queryKey: queryKeys.cluster,
    queryFn: ({ signal }) => apiFetch<ClusterSnapshot>('/api/cluster', { signal }),
    staleTime: live ? Infinity : FALLBACK_POLL_MS / 2,
    refetchInterval: live ? false : FALLBACK_POLL_MS,
  });
}
