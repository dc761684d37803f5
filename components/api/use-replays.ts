'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DeadLetterSummary, ReplayJobView, ReplayPreview, ReplayRequest } from '@/lib/replay-types';
import { apiFetch } from '@/components/data/api-client';
import { useApiWrite } from './use-me';
import { queryKeys } from '@/components/data/query-keys';

export function useReplays() {
  return useQuery({
    queryKey: queryKeys.replays,
    queryFn: ({ signal }) => apiFetch<{ jobs: ReplayJobView[] }>('/api/replays', { signal }),
  });
}

export function useReplay(id: string) {
  return useQuery({
    queryKey: queryKeys.replay(id),
    queryFn: ({ signal }) => apiFetch<ReplayJobView>(`/api/replays/${encodeURIComponent(id)}`, { signal }),
  });
}

/** The dry run: counts per target and the first records as they would be sent. Nothing is written. */
export function useReplayPreview() {
  const write = useApiWrite();
  return useMutation({ mutationFn: (request: ReplayRequest) => write<ReplayPreview>('/api/replays/preview', 'POST', request) });
}

export function useStartReplay() {
  const write = useApiWrite();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: ReplayRequest) => write<ReplayJobView>('/api/replays', 'POST', request),
    onSuccess: (job) => {
      queryClient.setQueryData(queryKeys.replay(job.id), job);
      void queryClient.invalidateQueries({ queryKey: queryKeys.replays, exact: true });
    },
  });
}

export function useReplayAction(id: string) {
  const write = useApiWrite();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: 'pause' | 'resume' | 'cancel') => write<ReplayJobView>(`/api/replays/${encodeURIComponent(id)}/${action}`, 'POST', {}),
    onSuccess: (job) => queryClient.setQueryData(queryKeys.replay(job.id), job),
  });
}

export function useDeadLetters(topic: string) {
  return useQuery({
    queryKey: queryKeys.deadLetters(topic),
    queryFn: ({ signal }) => apiFetch<DeadLetterSummary>(`/api/topics/${encodeURIComponent(topic)}/dead-letters`, { signal }),
  });
}
