'use client';

import { useQueryClient } from '@tanstack/react-query';
import type { GroupDetail, GroupHistory, LagSnapshot } from '@/lib/lag-types';
import { queryKeys } from '@/components/data/query-keys';
import { appendToHistory } from '@/components/lag/lag-series';
import { useRoom } from './use-room';

/** Keeps ['lag','groups'] live from the `lag` room. Mount on the groups page. */
export function useLagGroupsLive(): void {
  const queryClient = useQueryClient();
  useRoom(
    'lag',
    {
      'lag:cycle': (e) =>
        queryClient.setQueryData<LagSnapshot>(queryKeys.lagGroups, (s) => ({
          observedAt: e.observedAt,
          cycleMs: e.cycleMs,
          error: s?.error ?? null,
          commitTracker: e.commitTracker,
          groups: e.groups,
        })),
    },
    () => void queryClient.invalidateQueries({ queryKey: queryKeys.lagGroups }),
  );
}

/** Keeps one group's detail and its open history charts live from room `lag:<groupId>`. */
export function useLagGroupLive(groupId: string): void {
  const queryClient = useQueryClient();
  useRoom(
    `lag:${groupId}`,
    {
      'lag:group': (e) => {
        if (e.group.groupId !== groupId) return;
        queryClient.setQueryData<GroupDetail>(queryKeys.lagGroup(groupId), e.group);
        // Append to every cached range of this group's history (the chart trims to its range).
        for (const [key, data] of queryClient.getQueriesData<GroupHistory>({ queryKey: ['lag', 'history', groupId] })) {
          if (data) queryClient.setQueryData<GroupHistory>(key, appendToHistory(data, e));
        }
      },
    },
    () => void queryClient.invalidateQueries({ queryKey: queryKeys.lagGroup(groupId) }),
  );
}
