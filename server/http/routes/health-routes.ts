import type { ClusterWatch } from '../../topics';
import type { RouteDef } from '../route-table';

/** Liveness plus Kafka and database reachability; public, so it says nothing secret. */
export function healthRoutes(deps: { clusterWatch: ClusterWatch; database: { kind: string; ping(): Promise<void> }; buildId: string; polls?: () => string[] | null }): RouteDef[] {
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
        // Signed-out callers (load balancers, the login page) learn only whether things
        // are up; broker addresses and error texts are for signed-in users.
        const signedIn = c.get('session') !== null;
        const kafka = {
          reachable: connection.status === 'connected',
          ...(signedIn ? { brokers: connection.brokers } : {}),
          ...(signedIn && connection.status === 'unreachable' ? { error: connection.error } : {}),
        };
        const ok = kafka.reachable && database.reachable;
        // The build id lets a wall display notice the server came back with new code, and reload.
        // With REDIS_URL: which kinds of data this process polls (the others get them from it).
        const polls = signedIn ? (deps.polls?.() ?? null) : null;
        return c.json({ status: ok ? 'ok' : 'degraded', build: deps.buildId, kafka, database, ...(polls ? { polls } : {}) }, ok ? 200 : 503);
      },
    },
  ];
}
