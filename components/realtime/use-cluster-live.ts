'use client';

import { useQueryClient } from '@tanstack/react-query';
import type { ClusterSnapshot } from '@/lib/cluster-types';
import { queryKeys } from '@/components/data/query-keys';
import { withConnection, withOverview, withTopicsDiff } from '@/components/data/cluster-cache';
import { useRoom } from './use-room';

/**
 * Keeps the ['cluster'] query live from the `cluster` room, patching the cached snapshot
 * with each push. Mount it once, in the app shell.
 */
export function useClusterLive(): void {
  const queryClient = useQueryClient();
  const update = (fn: (s: ClusterSnapshot | undefined) => ClusterSnapshot | undefined) =>
    queryClient.setQueryData<ClusterSnapshot>(queryKeys.cluster, fn);

  useRoom(
    'cluster',
    {
      'cluster:overview': (overview) => update((s) => withOverview(s, overview)),
      'cluster:connection': (state) => update((s) => withConnection(s, state)),
      'topics:diff': (diff) => update((s) => withTopicsDiff(s, diff)),
    },
    // On the first join the refetch also covers pushes that raced the initial fetch.
    () => void queryClient.invalidateQueries({ queryKey: queryKeys.cluster }),
  );
}
