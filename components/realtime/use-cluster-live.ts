'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ClusterOverview, ClusterSnapshot, KafkaConnectionState, TopicsDiff } from '@/lib/cluster-types';
import { queryKeys } from '@/components/data/query-keys';
import { withConnection, withOverview, withTopicsDiff } from '@/components/data/cluster-cache';
import { getSocket } from './socket-client';

/**
 * Keeps the ['cluster'] query live: joins the `cluster` room on every (re)connect and
 * patches the cached snapshot with each push. Mount it once, in the app shell.
 */
export function useClusterLive(): void {
  const queryClient = useQueryClient();

  useEffect(() => {
    const socket = getSocket();
    const update = (fn: (s: ClusterSnapshot | undefined) => ClusterSnapshot | undefined) =>
      queryClient.setQueryData<ClusterSnapshot>(queryKeys.cluster, fn);

    // Rooms don't survive a reconnect, and pushes sent while we were away are lost:
    // join again, then refetch the snapshot. On the first connect the refetch also
    // covers pushes that raced the initial fetch.
    function onConnect() {
      socket.emit('subscribe', 'cluster');
      void queryClient.invalidateQueries({ queryKey: queryKeys.cluster });
    }
    function onOverview(overview: ClusterOverview) {
      update((s) => withOverview(s, overview));
    }
    function onConnection(state: KafkaConnectionState) {
      update((s) => withConnection(s, state));
    }
    function onTopicsDiff(diff: TopicsDiff) {
      update((s) => withTopicsDiff(s, diff));
    }

    socket.on('connect', onConnect);
    socket.on('cluster:overview', onOverview);
    socket.on('cluster:connection', onConnection);
    socket.on('topics:diff', onTopicsDiff);
    if (socket.connected) onConnect();
    else if (!socket.active) socket.connect();

    return () => {
      socket.off('connect', onConnect);
      socket.off('cluster:overview', onOverview);
      socket.off('cluster:connection', onConnection);
      socket.off('topics:diff', onTopicsDiff);
      if (socket.connected) socket.emit('unsubscribe', 'cluster');
    };
  }, [queryClient]);
}
