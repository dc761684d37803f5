'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { GroupDetail, GroupHistory, GroupLagEvent, LagCycleEvent, LagSnapshot } from '@/lib/lag-types';
import { queryKeys } from '@/components/data/query-keys';
import { appendToHistory } from '@/components/lag/lag-series';
import { getSocket } from './socket-client';

/** Keeps ['lag','groups'] live from the `lag` room. Mount on the groups page. */
export function useLagGroupsLive(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const socket = getSocket();
    function onConnect() {
      socket.emit('subscribe', 'lag');
      void queryClient.invalidateQueries({ queryKey: queryKeys.lagGroups });
    }
    function onCycle(e: LagCycleEvent) {
      queryClient.setQueryData<LagSnapshot>(queryKeys.lagGroups, (s) => ({ observedAt: e.observedAt, cycleMs: e.cycleMs, error: s?.error ?? null, commitTracker: e.commitTracker, groups: e.groups }));
    }
    socket.on('connect', onConnect);
    socket.on('lag:cycle', onCycle);
    if (socket.connected) onConnect();
    else if (!socket.active) socket.connect();
    return () => {
      socket.off('connect', onConnect);
      socket.off('lag:cycle', onCycle);
      if (socket.connected) socket.emit('unsubscribe', 'lag');
    };
  }, [queryClient]);
}

/** Keeps one group's detail and its open history charts live from room `lag:<groupId>`. */
export function useLagGroupLive(groupId: string): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const socket = getSocket();
    const room = `lag:${groupId}` as const;
    function onConnect() {
      socket.emit('subscribe', room);
      void queryClient.invalidateQueries({ queryKey: queryKeys.lagGroup(groupId) });
    }
    function onGroup(e: GroupLagEvent) {
      if (e.group.groupId !== groupId) return;
      queryClient.setQueryData<GroupDetail>(queryKeys.lagGroup(groupId), e.group);
      // Append to every cached range of this group's history (the chart trims to its range).
      for (const [key, data] of queryClient.getQueriesData<GroupHistory>({ queryKey: ['lag', 'history', groupId] })) {
        if (data) queryClient.setQueryData<GroupHistory>(key, appendToHistory(data, e));
      }
    }
    socket.on('connect', onConnect);
    socket.on('lag:group', onGroup);
    if (socket.connected) onConnect();
    else if (!socket.active) socket.connect();
    return () => {
      socket.off('connect', onConnect);
      socket.off('lag:group', onGroup);
      if (socket.connected) socket.emit('unsubscribe', room);
    };
  }, [queryClient, groupId]);
}
