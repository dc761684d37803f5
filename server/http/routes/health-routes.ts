import type { ClusterWatch } from '../../topics';
import type { RouteDef } from '../route-table';

/** Liveness plus Kafka and database reachability; public, so it says nothing secret. */
export function healthRoutes(deps: { clusterWatch: ClusterWatch; database: { kind: string; ping(): Promise<void> } }): RouteDef[] {
  return [
    {
      method: 'GET',
      path: '/api/health',
      access: 'public',
      handler: async (c) => {
        const connection = deps.clusterWatch.snapshot().connection;
        const database = await deps.database.ping().then(
          () => ({ reachable: true, kind: deps.database.kind }),
          () => ({ reachable: false, kind: deps.database.kind }),
        );
        const kafka = {
          reachable: connection.status === 'connected',
          brokers: connection.brokers,
          ...(connection.status === 'unreachable' ? { error: connection.error } : {}),
        };
        const ok = kafka.reachable && database.reachable;
        return c.json({ status: ok ? 'ok' : 'degraded', kafka, database }, ok ? 200 : 503);
      },
    },
  ];
}
