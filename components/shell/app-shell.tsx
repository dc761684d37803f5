'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useCallback, type ReactNode } from 'react';
import { queryKeys } from '@/components/data/query-keys';
import { useCluster } from '@/components/api/use-cluster';
import { useClusterLive } from '@/components/realtime/use-cluster-live';
import { useHydrated } from '@/components/ui/use-hydrated';
import { KafkaConnectionBanner } from './kafka-connection-banner';
import { PageSkeleton } from './page-skeleton';
import { ServerLinkBanner } from './server-link-banner';
import { TopBar } from './top-bar';
import styles from './shell.module.css';

/**
 * Every signed-in page: top bar, the two connection banners, then the page.
 *
 * Pages render only after hydration. Their data comes from the API, and Next hydrates
 * the page's boundary after the shell's: by then the shell's queries (me, cluster) may
 * have answered, and a page rendering that data would not match the server's HTML.
 * So the server renders, and hydration reuses, a skeleton; the page mounts right after.
 */
export function AppShell({ children }: { children: ReactNode }) {
  useClusterLive();
  const hydrated = useHydrated();
  const cluster = useCluster();
  const connection = cluster.data?.connection;
  const overview = cluster.data?.overview;
  const queryClient = useQueryClient();
  const refetchCluster = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: queryKeys.cluster }),
    [queryClient],
  );

  return (
    <div className={styles.shell}>
      <TopBar cluster={overview ? { name: overview.clusterName, id: overview.clusterId } : null} />
      <ServerLinkBanner />
      {connection && (
        <KafkaConnectionBanner
          connection={connection}
          receivedAt={cluster.dataUpdatedAt}
          onRetryDue={refetchCluster}
        />
      )}
      <main className={styles.main}>{hydrated ? children : <PageSkeleton />}</main>
    </div>
  );
}
