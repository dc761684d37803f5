import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../lib/socket-events';
import type { SessionUser } from '../../lib/session-types';
import type { ActiveSession, AuthService } from '../auth';
import type { Logger } from '../log/logger';
import type { ClusterWatch } from '../topics';
import type { LagMonitor } from '../lag';
import type { TraceService } from '../traces';

interface SocketData {
  user: SessionUser;
  tokenHash: string;
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
      socket.data = { user: session.user, tokenHash: session.tokenHash };
      next();
    } catch (err) {
      log.warn('socket auth failed', { error: err });
      next(new Error('unavailable'));
    }
  });

  io.on('connection', (socket) => {
    socket.on('subscribe', (room) => {
      if (typeof room !== 'string') return;
      if (room === 'lag' || room.startsWith('lag:')) {
        void socket.join(room);
        return;
      }
      if (room === 'traces') return void socket.join('traces');
      if (room !== 'cluster') return;
      void socket.join('cluster');
      const snap = clusterWatch.snapshot();
      socket.emit('cluster:connection', snap.connection);
      if (snap.overview) socket.emit('cluster:overview', snap.overview);
    });
    socket.on('unsubscribe', (room) => void socket.leave(room));
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
    if (io.sockets.adapter.rooms.get(room)?.size) io.to(room).emit('lag:group', e);
  };
  lagMonitor?.events.on('cycle', onLagCycle);
  lagMonitor?.events.on('group', onLagGroup);
  const offTraces = deps.traces?.onChange((correlationIds) => io.to('traces').emit('traces:changed', { correlationIds }));

  const recheck = setInterval(async () => {
    for (const socket of await io.fetchSockets()) {
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
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}

async function stillSignedIn(auth: AuthService, tokenHash: string): Promise<boolean> {
  return auth.sessions.existsByHash(tokenHash).catch(() => true);
}
