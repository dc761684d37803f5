'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { CatalogEntryDetail, CatalogView, DriftListView, VersionDiffView } from '@/lib/catalog-types';
import { apiFetch } from '@/components/data/api-client';
import { queryKeys } from '@/components/data/query-keys';

/** The catalog job folds new events every few seconds: a slow refetch keeps up. */
const CATALOG_REFRESH_MS = 10_000;

/** The event catalog: every type and version, with producers, consumers, subject and drift counts. */
export function useCatalog() {
  return useQuery({
    queryKey: queryKeys.catalog,
    queryFn: ({ signal }) => apiFetch<CatalogView>('/api/catalog', { signal }),
    refetchInterval: CATALOG_REFRESH_MS,
  });
}

export interface EntryKey {
  cluster: string;
  type: string;
  version: string;
}

const entryParams = (k: EntryKey) => new URLSearchParams({ cluster: k.cluster, type: k.type, version: k.version }).toString();

/** One type and version in full: sample event, producers' rates, registered schema, siblings. */
export function useCatalogEntry(key: EntryKey) {
  const params = entryParams(key);
  return useQuery({
    queryKey: queryKeys.catalogEntry(params),
    queryFn: ({ signal }) => apiFetch<CatalogEntryDetail>(`/api/catalog/entry?${params}`, { signal }),
    refetchInterval: CATALOG_REFRESH_MS,
  });
}

/** Two versions side by side; `to` null waits for a choice. */
export function useVersionDiff(from: EntryKey, to: { type: string; version: string } | null) {
  const params = to ? `${entryParams(from)}&${new URLSearchParams({ toType: to.type, toVersion: to.version }).toString()}` : '';
  return useQuery({
    queryKey: queryKeys.catalogDiff(params),
    queryFn: ({ signal }) => apiFetch<VersionDiffView>(`/api/catalog/diff?${params}`, { signal }),
    enabled: to !== null,
    refetchInterval: CATALOG_REFRESH_MS,
  });
}

/** The drift list for a query string of filters (lib/catalog-types.ts driftQuerySchema). */
export function useDriftList(params: string) {
  return useQuery({
    queryKey: queryKeys.catalogDrift(params),
    queryFn: ({ signal }) => apiFetch<DriftListView>(`/api/catalog/drift${params ? `?${params}` : ''}`, { signal }),
    placeholderData: keepPreviousData,
    refetchInterval: CATALOG_REFRESH_MS,
  });
}
