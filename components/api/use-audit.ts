'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AuditPage } from '@/lib/audit-types';
import { apiFetch } from '@/components/data/api-client';
import { queryKeys } from '@/components/data/query-keys';

export const AUDIT_PAGE_SIZE = 50;

/** One page of the audit log, newest first; `before` is the cursor from the previous page. */
export function useAuditPage(before: string | null) {
  return useQuery({
    queryKey: queryKeys.audit(before),
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({ limit: String(AUDIT_PAGE_SIZE) });
      if (before) params.set('before', before);
      return apiFetch<AuditPage>(`/api/audit?${params}`, { signal });
    },
    // Keep the old page on screen while the next one loads: no flash of an empty table.
    placeholderData: keepPreviousData,
    // Only the newest page can change; older pages are history.
    refetchInterval: before === null ? 30_000 : false,
  });
}
