'use client';

import { useQuery } from '@tanstack/react-query';
import type { CoverageResponse } from '@/lib/coverage-types';
import { apiFetch } from '@/components/data/api-client';
import { queryKeys } from '@/components/data/query-keys';

/** Id coverage per topic; cumulative counts, so a slow refresh is plenty. */
export function useCoverage() {
  return useQuery({
    queryKey: queryKeys.coverage,
    queryFn: ({ signal }) => apiFetch<CoverageResponse>('/api/coverage', { signal }),
    refetchInterval: 10_000,
  });
}
