'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ClusterSnapshot } from '@/lib/cluster-types';
import { withTopicsDiff } from '@/components/data/cluster-cache';
import { useApiWrite } from './use-me';
import { queryKeys } from '@/components/data/query-keys';

export interface CreateTopicInput {
  name: string;
  partitions: number;
  replicationFactor: number;
}

export function useCreateTopic() {
  const write = useApiWrite();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateTopicInput) => write<unknown>('/api/topics', 'POST', input),
    // The next topics:diff brings the new row too; refetching shows it without waiting for a poll.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.cluster }),
  });
}

export function useDeleteTopic() {
  const write = useApiWrite();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => write<void>(`/api/topics/${encodeURIComponent(name)}`, 'DELETE'),
    onSuccess: (_data, name) => {
      queryClient.setQueryData<ClusterSnapshot>(queryKeys.cluster, (s) =>
        withTopicsDiff(s, { upserted: [], removed: [name], observedAt: Date.now() }),
      );
    },
  });
}
