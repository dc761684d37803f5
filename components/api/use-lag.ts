'use client';

import { useQuery } from '@tanstack/react-query';
import type { GroupDetail, GroupHistory, LagRange, LagSnapshot, TopicConsumer } from '@/lib/lag-types';
import { useSocketStatus } from '@/components/realtime/use-socket-status';
import { apiFetch } from '@/components/data/api-client';
import { queryKeys } from '@/components/data/query-keys';

/** Without pushes (socket down), poll this often. */
const FALLBACK_POLL_MS = 10_000;

function useLiveOptions() {
  const live = useSocketStatus() === 'live';
  return { staleTime: live ? Infinity : FALLBACK_POLL_MS / 2, refetchInterval: live ? (false as const) : FALLBACK_POLL_MS };
}

/** Every consumer group's summary; kept live by use-lag-live.ts. */
export function useLagGroups() {
  return useQuery({
    queryKey: queryKeys.lagGroups,
    queryFn: ({ signal }) => apiFetch<LagSnapshot>('/api/lag/groups', { signal }),
    ...useLiveOptions(),
  });
}

export function useLagGroup(groupId: string) {
  return useQuery({
    queryKey: queryKeys.lagGroup(groupId),
    queryFn: ({ signal }) => apiFetch<GroupDetail>(`/api/lag/groups/${encodeURIComponent(groupId)}`, { signal }),
    ...useLiveOptions(),
  });
}

export function useLagHistory(groupId: string, range: LagRange) {
  return useQuery({
    queryKey: queryKeys.lagHistory(groupId, range),
    queryFn: ({ signal }) => apiFetch<GroupHistory>(`/api/lag/groups/${encodeURIComponent(groupId)}/history?range=${range}`, { signal }),
    ...useLiveOptions(),
  });
}

export function useTopicConsumers(topic: string) {
  return useQuery({
    queryKey: queryKeys.topicConsumers(topic),
    queryFn: ({ signal }) => apiFetch<TopicConsumer[]>(`/api/lag/topics/${encodeURIComponent(topic)}/consumers`, { signal }),
    refetchInterval: 5_000,
  });
}
