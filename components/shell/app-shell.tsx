'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useCallback, type ReactNode } from 'react';
import { queryKeys } from '@/components/api/query-keys';
import { useCluster } from '@/components/api/use-cluster';
import { useClusterLive } from '@/components/realtime/use-cluster-live';
import { KafkaConnectionBanner } from './kafka-connection-banner';
import { ServerLinkBanner } from './server-link-banner';
import { TopBar } from './top-bar';
import styles from './shell.module.css';

/** Every signed-in page: top bar, the two connection banners, then the page. */
export function AppShell({ children }: { children: ReactNode }) {
  useClusterLive();
  const cluster = useCluster();
  const connection = cluster.data?.connection;
  const queryClient = useQueryClient();
  const refetchCluster = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: queryKeys.cluster }),
    [queryClient],
  );

  return (
    <div className={styles.shell}>
      <TopBar clusterId={cluster.data?.overview?.clusterId ?? null} />
      <ServerLinkBanner />
      {connection && <KafkaConnectionBanner
          connection={connection}
          receivedAt={cluster.dataUpdatedAt}
          onRetryDue={refetchCluster}
        />}
      <main className={styles.main}>{children}</main>
    </div>
  );
}
