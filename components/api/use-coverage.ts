'use client';

import { useQuery } from '@tanstack/react-query';
import type { CoverageResponse } from '@/lib/coverage-types';
import { apiFetch } from './api-client';
import { queryKeys } from './query-keys';

/** Id coverage per topic; cumulative counts, so a slow refresh is plenty. */
export function useCoverage() {
  return useQuery({
    queryKey: queryKeys.coverage,
    queryFn: ({ signal }) => apiFetch<CoverageResponse>('/api/coverage', { signal }),
    refetchInterval: 10_000,
  });
}
