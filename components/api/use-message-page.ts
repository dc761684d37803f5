'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { MessagePage } from '@/lib/message-types';
import { apiFetch } from '@/components/data/api-client';
import { queryKeys } from '@/components/data/query-keys';

/** One page of a topic's records; `params` is the API query string (see browse-state.ts). */
export function useMessagePage(topic: string, params: string) {
  return useQuery({
    queryKey: queryKeys.messages(topic, params),
    queryFn: ({ signal }) => apiFetch<MessagePage>(`/api/topics/${encodeURIComponent(topic)}/messages?${params}`, { signal }),
    // The previous page stays on screen (and its partition list in the picker) while the next loads or fails.
    placeholderData: keepPreviousData,
    // A page is a snapshot the user moves through by hand: refetching on focus would shift rows under them.
    refetchOnWindowFocus: false,
    staleTime: 30_000,
  });
}
