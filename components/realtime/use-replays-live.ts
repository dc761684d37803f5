'use client';

import { useQueryClient } from '@tanstack/react-query';
import type { ReplayJobView } from '@/lib/replay-types';
import { queryKeys } from '@/components/data/query-keys';
import { useRoom } from './use-room';

/** Keeps one replay job live from room `replay:<id>`. Mount on the job's page. */
export function useReplayLive(id: string): void {
  const queryClient = useQueryClient();
  useRoom(
    `replay:${id}`,
    { 'replay:progress': (job) => job.id === id && queryClient.setQueryData(queryKeys.replay(id), job) },
    () => void queryClient.invalidateQueries({ queryKey: queryKeys.replay(id), exact: true }),
  );
}

/** Keeps the list of replay jobs live from room `replays`; a job the list does not hold yet goes on top. */
export function useReplaysLive(): void {
  const queryClient = useQueryClient();
  useRoom(
    'replays',
    {
      'replay:progress': (job) =>
        queryClient.setQueryData<{ jobs: ReplayJobView[] }>(queryKeys.replays, (list) => {
          if (!list) return list;
          const at = list.jobs.findIndex((j) => j.id === job.id);
          if (at < 0) return { jobs: [job, ...list.jobs] };
          const jobs = list.jobs.slice();
          jobs[at] = job;
          return { jobs };
        }),
    },
    () => void queryClient.invalidateQueries({ queryKey: queryKeys.replays, exact: true }),
  );
}
