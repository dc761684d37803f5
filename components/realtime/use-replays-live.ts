'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ReplayJobView } from '@/lib/replay-types';
import { queryKeys } from '@/components/api/query-keys';
import { getSocket } from './socket-client';

/**
 * Keeps replay jobs live: with an id, room `replay:<id>` updates that job; without, room
 * `replays` updates the list (a job the list does not hold yet is added on top).
 */
export function useReplaysLive(id?: string): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const socket = getSocket();
    const room = id ? (`replay:${id}` as const) : 'replays';
    function onConnect() {
      socket.emit('subscribe', room);
      void queryClient.invalidateQueries({ queryKey: id ? queryKeys.replay(id) : queryKeys.replays, exact: true });
    }
    function onProgress(job: ReplayJobView) {
      if (id) {
        if (job.id === id) queryClient.setQueryData(queryKeys.replay(id), job);
        return;
      }
      queryClient.setQueryData<{ jobs: ReplayJobView[] }>(queryKeys.replays, (list) => {
        if (!list) return list;
        const at = list.jobs.findIndex((j) => j.id === job.id);
        if (at < 0) return { jobs: [job, ...list.jobs] };
        const jobs = list.jobs.slice();
        jobs[at] = job;
        return { jobs };
      });
    }
    socket.on('connect', onConnect);
    socket.on('replay:progress', onProgress);
    if (socket.connected) onConnect();
    else if (!socket.active) socket.connect();
    return () => {
      socket.off('connect', onConnect);
      socket.off('replay:progress', onProgress);
      if (socket.connected) socket.emit('unsubscribe', room);
    };
  }, [queryClient, id]);
}
