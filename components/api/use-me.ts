'use client';

import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { MeResponse } from '@/lib/session-types';
import { apiFetch, isCsrfError, type HttpMethod } from '@/components/data/api-client';
import { queryKeys } from '@/components/data/query-keys';

export const meQuery = queryOptions({
  queryKey: queryKeys.me,
  queryFn: ({ signal }) => apiFetch<MeResponse>('/api/auth/me', { signal }),
  // Who you are doesn't change while the page is open; sign-in and sign-out reload the page.
  staleTime: Infinity,
});

export function useMe() {
  return useQuery(meQuery);
}

/**
 * Returns `write(path, method, body)`: a non-GET request with the CSRF token of the
 * current session. If the server says the token is stale, fetches a fresh one and
 * tries once more.
 */
export function useApiWrite() {
  const queryClient = useQueryClient();
  return useCallback(
    async function write<T>(path: string, method: Exclude<HttpMethod, 'GET'>, body?: unknown): Promise<T> {
      const me = await queryClient.ensureQueryData(meQuery);
      try {
        return await apiFetch<T>(path, { method, body, csrfToken: me.csrfToken });
      } catch (error) {
        if (!isCsrfError(error)) throw error;
        const fresh = await queryClient.fetchQuery({ ...meQuery, staleTime: 0 });
        return apiFetch<T>(path, { method, body, csrfToken: fresh.csrfToken });
      }
    },
    [queryClient],
  );
}
