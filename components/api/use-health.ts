'use client';

import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/components/data/api-client';
import { queryKeys } from '@/components/data/query-keys';

export interface HealthResponse {
  status: 'ok' | 'degraded';
  // brokers and error are only sent to signed-in users.
  kafka: { reachable: boolean; brokers?: string[]; error?: string };
  database: { reachable: boolean; kind: 'pglite' | 'postgres' };
}

/** Public: shown on the login page so a wall display says what's wrong before anyone signs in. */
export function useHealth() {
  return useQuery({
    queryKey: queryKeys.health,
    queryFn: ({ signal }) => apiFetch<HealthResponse>('/api/health', { signal, redirectOn401: false, acceptStatuses: [503] }),
    refetchInterval: 15_000,
    retry: false,
  });
}
