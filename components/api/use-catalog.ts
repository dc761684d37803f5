'use client';

import { useQuery } from '@tanstack/react-query';
import type { CatalogView } from '@/lib/catalog-types';
import { apiFetch } from '@/components/data/api-client';
import { queryKeys } from '@/components/data/query-keys';

/** The event catalog; the job behind it folds new events every few seconds, so a slow refetch keeps up. */
export function useCatalog() {
  return useQuery({
    queryKey: queryKeys.catalog,
    queryFn: ({ signal }) => apiFetch<CatalogView>('/api/catalog', { signal }),
    refetchInterval: 10_000,
  });
}
