import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../lib/socket-events';
import { roleAtLeast, type SessionUser } from '../../lib/session-types';
import type { ActiveSession, AuthService } from '../auth';
import type { Logger } from '../log/logger';
import type { ClusterWatch } from '../topics';
import type { LagMonitor } from '../lag';
import type { TraceService } from '../traces';
import type { ReplayService } from '../replay';
import type { FlowService } from '../flows';
import { FLOW_WINDOWS, type FlowWindow } from '../../lib/flow-types';
import type { WallFeed } from '../wall';
import { compactFlowGraph } from '../../lib/wall-flows';
import type { WallBoardId } from '../../lib/wall-types';
import { attachWallRoom, displayRoom, WALL_DRIFT_ROOM, WALL_FLOWS_ROOM } from './wall-room';
import type { WallDriftWatch } from '../catalog';

interface SocketData {
  user: SessionUser;
  tokenHash: string;
  displayTokenId: string | null;
  /** A display's allowed boards; null for a person. */
  boards: WallBoardId[] | null;
}


/** Sessions are re-checked this often so a sign-out or expiry also closes live sockets. */
const SESSION_RECHECK_MS = 30_000;

/**
 * socket.io on the server's HTTP server. Every connection must carry a valid session
 * cookie and come from this host; clients join rooms and get the cluster watch's
 * events pushed as they happen.
 */
export function createSocketServer(deps: {
  httpServer: HttpServer;
  auth: AuthService;
  /** The session a handshake's Cookie header signs in with (the HTTP layer reads cookies). */
  findSession: (cookieHeader: string | undefined) => Promise<ActiveSession | null>;
  clusterWatch: ClusterWatch;
  lagMonitor?: LagMonitor;
  traces?: TraceService;
  replay?: ReplayService;
  flows?: FlowService;
  wall?: { feed: WallFeed; buildId: string; drift?: WallDriftWatch };
  /** Several processes share rooms through Redis: this process cannot see who is in a room elsewhere. */
  shared?: boolean;
  log: Logger;
}) {
  const { httpServer, auth, clusterWatch, lagMonitor, log } = deps;
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(httpServer, {
    serveClient: false,
    // Only same-origin pages may open a socket (cookies ride along cross-site otherwise).
    allowRequest: (req, done) => {
      const origin = req.headers.origin;
      if (!origin) return done(null, true);
      try {
        done(null, new URL(origin).host === req.headers.host);
      } catch {
        done(null, false);
      }
    },
  });

  io.use(async (socket, next) => {
    try {
      const session = await deps.findSession(socket.request.headers.cookie);
      if (!session) return next(new Error('unauthorized'));
      socket.data = { user: session.user, tokenHash: session.tokenHash, displayTokenId: session.display?.tokenId ?? null, boards: session.display?.boards ?? null };
      if (session.display) void auth.displays.seen(session.display.tokenId, socket.handshake.address ?? null);
      next();
    } catch (err) {
      log.warn('socket auth failed', { error: err });
      next(new Error('unavailable'));
    }
  });

  io.on('connection', (socket) => {
    if (socket.data.displayTokenId) void socket.join(displayRoom(socket.data.displayTokenId));
    socket.on('subscribe', (room) => {
      if (typeof room !== 'string') return;
      if (room === 'wall') return wall.join(socket);
      if (room === WALL_FLOWS_ROOM) return wall.joinFlows(socket, socket.data.boards);
      if (room === WALL_DRIFT_ROOM) return wall.joinDrift(socket, socket.data.boards);
      // Every other room carries data a display may not see (topic lists, partitions, members, traces).
      if (!roleAtLeast(socket.data.user.role, 'viewer')) return;
      if (room === 'lag' || room.startsWith('lag:')) {
        void socket.join(room);
        return;
      }
      if (room === 'traces') return void socket.join('traces');
      if (room === 'replays' || room.startsWith('replay:')) return void socket.join(room);
      if ((FLOW_WINDOWS as readonly string[]).some((w) => room === `flows:${w}`)) return void socket.join(room);
      if (room !== 'cluster') return;
      void socket.join('cluster');
      const snap = clusterWatch.snapshot();
      socket.emit('cluster:connection', snap.connection);
      if (snap.overview) socket.emit('cluster:overview', snap.overview);
    });
    socket.on('unsubscribe', (room) => void socket.leave(room));
  });

  const wall = attachWallRoom(io as unknown as Parameters<typeof attachWallRoom>[0], {
    feed: deps.wall?.feed,
    flows: deps.flows,
    drift: deps.wall?.drift,
    buildId: deps.wall?.buildId ?? '',
    displays: auth.displays,
    log,
  });

  const onOverview = (o: Parameters<ServerToClientEvents['cluster:overview']>[0]) => io.to('cluster').emit('cluster:overview', o);
  const onConnection = (s: Parameters<ServerToClientEvents['cluster:connection']>[0]) => io.to('cluster').emit('cluster:connection', s);
  const onTopics = (d: Parameters<ServerToClientEvents['topics:diff']>[0]) => io.to('cluster').emit('topics:diff', d);
  clusterWatch.events.on('overview', onOverview);
  clusterWatch.events.on('connection', onConnection);
  clusterWatch.events.on('topicsDiff', onTopics);
  // Lag: every group's summary to room `lag`; a group's detail only to its own room, if anyone is in it.
  const onLagCycle = (e: Parameters<ServerToClientEvents['lag:cycle']>[0]) => io.to('lag').emit('lag:cycle', e);
  const onLagGroup = (e: Parameters<ServerToClientEvents['lag:group']>[0]) => {
    const room = `lag:${e.group.groupId}`;
    if (deps.shared || io.sockets.adapter.rooms.get(room)?.size) io.to(room).emit('lag:group', e);
  };
  lagMonitor?.events.on('cycle', onLagCycle);
  lagMonitor?.events.on('group', onLagGroup);
  const onReplay = (job: Parameters<ServerToClientEvents['replay:progress']>[0]) => io.to(['replays', `replay:${job.id}`]).emit('replay:progress', job);
  deps.replay?.events.on('progress', onReplay);
  const offTraces = deps.traces?.onChange((correlationIds) => io.to('traces').emit('traces:changed', { correlationIds }));

  // Flow map: each watched window's graph, rebuilt at most every 2 s while its room has members
  // here. Each server builds for its own watchers (io.local): with several servers sharing
  // rooms, a broadcast would hand every watcher one copy per server.
  // A wall showing the flows board watches the 5-minute window too, and gets the same build, cut down.
  const members = (room: string) => io.sockets.adapter.rooms.get(room)?.size ?? 0;
  const watchedWindows = () => FLOW_WINDOWS.filter((w) => members(`flows:${w}`) > 0 || (w === '5m' && members(WALL_FLOWS_ROOM) > 0));
  const offFlows = deps.flows?.live({
    windows: watchedWindows,
    emit: (window: FlowWindow, graph) => {
      if (members(`flows:${window}`) > 0) io.local.to(`flows:${window}`).emit('flows:update', { graph });
      if (window === '5m' && members(WALL_FLOWS_ROOM) > 0) io.local.to(WALL_FLOWS_ROOM).emit('wall:flows', compactFlowGraph(graph));
    },
  });

  const recheck = setInterval(async () => {
    for (const socket of await io.local.fetchSockets()) {
      const still = await stillSignedIn(auth, socket.data.tokenHash);
      if (!still) socket.disconnect(true);
    }
  }, SESSION_RECHECK_MS);
  recheck.unref();

  return {
    io,
    async close() {
      clearInterval(recheck);
      clusterWatch.events.off('overview', onOverview);
      clusterWatch.events.off('connection', onConnection);
      clusterWatch.events.off('topicsDiff', onTopics);
      lagMonitor?.events.off('cycle', onLagCycle);
      lagMonitor?.events.off('group', onLagGroup);
      offTraces?.();
      deps.replay?.events.off('progress', onReplay);
      offFlows?.();
      wall.close();
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}

async function stillSignedIn(auth: AuthService, tokenHash: string): Promise<boolean> {
  return auth.sessions.existsByHash(tokenHash).catch(() => true);
}
