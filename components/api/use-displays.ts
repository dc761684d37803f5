'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateDisplayTokenInput, CreatedDisplayToken, DisplayTokenView } from '@/lib/wall-types';
import { apiFetch } from '@/components/data/api-client';
import { useApiWrite } from './use-me';
import { queryKeys } from '@/components/data/query-keys';

export function useDisplays() {
  return useQuery({
    queryKey: queryKeys.displays,
    queryFn: ({ signal }) => apiFetch<{ displays: DisplayTokenView[] }>('/api/displays', { signal }),
    select: (data) => data.displays,
    // Last seen moves while screens run.
    refetchInterval: 30_000,
  });
}

export function useCreateDisplay() {
  const write = useApiWrite();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateDisplayTokenInput) => write<CreatedDisplayToken>('/api/displays', 'POST', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.displays }),
  });
}

export function useRevokeDisplay() {
  const write = useApiWrite();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => write<DisplayTokenView>(`/api/displays/${encodeURIComponent(id)}/revoke`, 'POST', {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.displays }),
  });
}
