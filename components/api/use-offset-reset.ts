'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { OffsetResetPlan, OffsetResetRequest } from '@/lib/offset-reset-types';
import { useApiWrite } from './use-me';
import { queryKeys } from '@/components/data/query-keys';

const offsetsPath = (groupId: string) => `/api/lag/groups/${encodeURIComponent(groupId)}/offsets`;

/** What a reset would do, per partition; nothing is written. */
export function useOffsetResetPreview(groupId: string) {
  const write = useApiWrite();
  return useMutation({
    mutationFn: (request: OffsetResetRequest) => write<OffsetResetPlan>(`${offsetsPath(groupId)}/preview`, 'POST', request),
  });
}

export function useOffsetReset(groupId: string) {
  const write = useApiWrite();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: OffsetResetRequest) => write<OffsetResetPlan>(offsetsPath(groupId), 'POST', request),
    // The server polled after the write: refetching shows the new lag without waiting for the next push.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['lag'] }),
  });
}
