import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { Server } from 'socket.io';
import type { ClusterSnapshot } from '../../lib/cluster-types';
import type { GroupDetail, LagSnapshot } from '../../lib/lag-types';
import type { WallDeadLetters, WallGroups, WallHealth } from '../../lib/wall-types';
import type { LagMonitor } from '../lag';
import type { Logger } from '../log/logger';
import type { ClusterWatch } from '../topics';
import type { WallFeed } from '../wall';
import { createRedisLease, type LeaseRedis } from './redis-lease';

/** What the polling process hands the others after each poll (socket.io server-side events over Redis). */
interface SyncEvents {
  'eventline:cluster': (m: { cluster: ClusterSnapshot; health: WallHealth; deadLetters: WallDeadLetters }) => void;
  'eventline:lag': (m: { lag: LagSnapshot; details: GroupDetail[]; groups: WallGroups }) => void;
}

export type PollKind = 'cluster' | 'lag';

/**
 * Several Eventline processes behind one address (REDIS_URL set):
 * - socket.io's Redis adapter, so a push from any process reaches every browser;
 * - a lease per kind of polling (the cluster watch, the lag monitor): one process polls
 *   and pushes, and hands its state to the others, which serve it from memory
 *   (GET /api/cluster, /api/lag/…, /api/wall) without polling Kafka themselves;
 * - when the holder dies, its lease expires and another process starts polling.
 */
export async function startRedisFanout(deps: {
  url: string;
  prefix: string;
  leaseMs: number;
  io: Server;
  clusterWatch: ClusterWatch;
  lagMonitor: LagMonitor;
  wallFeed: WallFeed;
  log: Logger;
}) {
  const { io, clusterWatch, lagMonitor, wallFeed, log } = deps;
  const pub = createClient({ url: deps.url });
  const sub = pub.duplicate();
  // node-redis reconnects by itself; without a listener an 'error' would crash the process.
  for (const c of [pub, sub]) c.on('error', (err: Error) => log.warn('Redis connection error', { error: err.message }));
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub, { key: `${deps.prefix}:socket.io` }));
  const owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const sync = io as unknown as Server<Record<string, never>, Record<string, never>, SyncEvents>;

  const leases = {
    cluster: createRedisLease({
      redis: pub as unknown as LeaseRedis,
      key: `${deps.prefix}:lease:cluster`,
      owner,
      ttlMs: deps.leaseMs,
      onAcquire: () => clusterWatch.start(),
      onLose: () => clusterWatch.stop(),
      log,
    }),
    lag: createRedisLease({
      redis: pub as unknown as LeaseRedis,
      key: `${deps.prefix}:lease:lag`,
      owner,
      ttlMs: deps.leaseMs,
      onAcquire: () => lagMonitor.start(),
      onLose: () => lagMonitor.stop(),
      log,
    }),
  };

  // The holder sends after its wall feed has digested the poll, so the figures agree.
  const sendCluster = () => {
    if (!leases.cluster.held()) return;
    const { health, deadLetters } = wallFeed.data();
    sync.serverSideEmit('eventline:cluster', { cluster: clusterWatch.snapshot(), health, deadLetters });
  };
  const sendLag = () => {
    if (!leases.lag.held()) return;
    sync.serverSideEmit('eventline:lag', { lag: lagMonitor.snapshot(), details: lagMonitor.details(), groups: wallFeed.data().groups });
  };
  wallFeed.events.on('health', sendCluster);
  wallFeed.events.on('groups', sendLag);
  sync.on('eventline:cluster', (m) => {
    if (leases.cluster.held()) return;
    clusterWatch.adopt(m.cluster);
    wallFeed.adopt('health', m.health);
    wallFeed.adopt('deadLetters', m.deadLetters);
  });
  sync.on('eventline:lag', (m) => {
    if (leases.lag.held()) return;
    lagMonitor.adopt(m.lag, m.details);
    wallFeed.adopt('groups', m.groups);
  });

  await Promise.all([leases.cluster.start(), leases.lag.start()]);
  log.info('Live updates shared through Redis', { prefix: deps.prefix, owner, polls: polls() });

  function polls(): PollKind[] {
    return (['cluster', 'lag'] as const).filter((k) => leases[k].held());
  }

  return {
    owner,
    /** Which kinds of data this process polls right now. */
    polls,
    async close() {
      wallFeed.events.off('health', sendCluster);
      wallFeed.events.off('groups', sendLag);
      await Promise.all([leases.cluster.stop(), leases.lag.stop()]);
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}

export type RedisFanout = Awaited<ReturnType<typeof startRedisFanout>>;
