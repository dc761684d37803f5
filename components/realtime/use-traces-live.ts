'use client';

import { useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '@/components/data/query-keys';
import { useRoom } from './use-room';

/**
 * Pushes come up to ten times a second and a 10,000-event trace takes about a second to load:
 * cancelling the fetch in flight on every push would starve it, so a push only starts a
 * fetch when none is running (the next push catches up).
 */
const LET_FETCH_FINISH = { cancelRefetch: false } as const;

/**
 * Joins the `traces` room while mounted. Each `traces:changed` push refetches what it
 * touches: the open trace if its id is in the push, and the first page of a search
 * (older pages are history; new traces appear at the top).
 */
export function useTracesLive(opts: { correlationId?: string; searchFirstPage?: string | null }): void {
  const queryClient = useQueryClient();
  const { correlationId, searchFirstPage } = opts;
  useRoom('traces', {
    'traces:changed': ({ correlationIds }) => {
      if (correlationId && correlationIds.includes(correlationId)) {
        void queryClient.invalidateQueries({ queryKey: queryKeys.trace(correlationId) }, LET_FETCH_FINISH);
      }
      if (searchFirstPage != null) void queryClient.invalidateQueries({ queryKey: queryKeys.traceSearch(searchFirstPage) }, LET_FETCH_FINISH);
    },
  });
}
