import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import { roleAtLeast } from '../../lib/session-types';
import { CsrfError, ForbiddenError, NotSignedInError, SESSION_COOKIE, type AuthService } from '../auth';
import type { Logger } from '../log/logger';
import { errorResponse } from './error-response';
import { BodyTooLargeError, MAX_BODY_BYTES, RouteNotFoundError } from './http-errors';
import { isWrite, type HttpEnv, type RouteDef } from './route-table';

/**
 * The JSON API, served by Hono on the server's own HTTP server (not by Next.js route
 * handlers, whose separate module graph would hold its own copies of our services).
 * Each route's access level comes from its RouteDef; this is the only guard.
 */
export function createApiApp(deps: { routes: RouteDef[]; auth: AuthService; log: Logger }) {
  const { routes, auth, log } = deps;
  const app = new Hono<HttpEnv>();

  app.onError((err) => errorResponse(err, log));
  app.notFound((c) => errorResponse(new RouteNotFoundError(c.req.method, c.req.path), log));
  // First, before the session lookup: an oversized body is refused from its Content-Length
  // without reading it (or, when chunked, as soon as the limit is passed).
  app.use('*', bodyLimit({ maxSize: MAX_BODY_BYTES, onError: () => errorResponse(new BodyTooLargeError(MAX_BODY_BYTES), log) }));

  app.use('*', async (c, next) => {
    const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
    c.set('meta', { ip: incoming?.socket?.remoteAddress ?? null, userAgent: c.req.header('user-agent') ?? null });
    const session = await auth.sessions.find(getCookie(c, SESSION_COOKIE));
    c.set('session', session);
    if (session?.display) void auth.displays.seen(session.display.tokenId, c.get('meta').ip);
    c.header('cache-control', 'no-store');
    await next();
  });

  for (const route of routes) {
    app.on(route.method, route.path, async (c) => {
      const session = c.get('session');
      if (isWrite(route.method) && !sameOrigin(c.req.header('origin'), c.req.header('host'))) throw new CsrfError();
      if (route.access !== 'public') {
        if (!session) throw new NotSignedInError();
        if (route.access !== 'display' && !roleAtLeast(session.user.role, route.access)) throw new ForbiddenError(route.access, session.user.role);
        if (isWrite(route.method) && c.req.header('x-csrf-token') !== session.csrfToken) throw new CsrfError();
      }
      return route.handler(c);
    });
  }
  return app;
}

/** Browsers send Origin on cross-site writes; when present it must be this host. */
function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (!origin) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
