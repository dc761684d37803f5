import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthService } from '../auth';
import { createPageGuard, safeNextPath } from '../http/page-guard';
import { findCookieSession } from '../http/read-cookie';

type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

/**
 * One port: `/api/*` to the JSON API, `/metrics` to Prometheus, everything else to
 * Next.js — behind a sign-in for every page but the open ones (login), checked here on
 * the server so that no page's HTML reaches a visitor without a session.
 */
export function createConsoleRequestHandler(deps: {
  api: Handler;
  metrics: Handler;
  pages: Handler | null;
  auth: AuthService;
  projectRoot: string;
  dev: boolean;
}) {
  const isOpenPage = createPageGuard(deps.projectRoot);
  return async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (url.pathname.startsWith('/api/')) return deps.api(req, res);
    if (url.pathname === '/metrics') return deps.metrics(req, res);
    if (!deps.pages) {
      res.writeHead(404).end();
      return;
    }
    if (!isOpenPage(url.pathname) && !deps.dev) {
      const session = await findCookieSession(deps.auth, req.headers.cookie).catch(() => null);
      if (!session) {
        // _rsc is Next's client-navigation marker; the login page must not send the user back to it.
        url.searchParams.delete('_rsc');
        const next = safeNextPath(url.pathname + url.search);
        res.writeHead(302, { location: `/login${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}` }).end();
        return;
      }
    }
    return deps.pages(req, res);
  };
}
