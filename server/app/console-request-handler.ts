import type { IncomingMessage, ServerResponse } from 'node:http';
import { SESSION_COOKIE, type AuthService } from '../auth';
import { InvalidDisplayTokenError } from '../auth/auth-errors';
import { createPageGuard, displayRedirect, safeNextPath, WALL_PATH, withoutToken } from '../http/page-guard';
import { findCookieSession } from '../http/read-cookie';

type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

/**
 * A display's cookie is kept by the browser as long as browsers allow (400 days); the
 * server decides whether it is still good (its session, renewed while the token lives).
 * Lax, not Strict: a kiosk launcher or a link opens the wall from another site.
 */
const DISPLAY_COOKIE_MAX_AGE_S = 400 * 24 * 3600;

/**
 * One port: `/api/*` to the JSON API, `/metrics` to Prometheus, everything else to
 * Next.js — behind a sign-in for every page but the open ones (login), checked here on
 * the server so that no page's HTML reaches a visitor without a session. A wall display
 * signs in here, by opening `/wall?token=…`, and may open no other page.
 */
export function createConsoleRequestHandler(deps: {
  api: Handler;
  metrics: Handler;
  pages: Handler | null;
  auth: AuthService;
  projectRoot: string;
  dev: boolean;
  secureCookies?: boolean;
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
    if (url.pathname === WALL_PATH && url.searchParams.has('token')) return exchangeDisplayToken(req, res, url);
    if (!isOpenPage(url.pathname) && !deps.dev) {
      const session = await findCookieSession(deps.auth, req.headers.cookie).catch(() => null);
      if (!session) {
        // _rsc is Next's client-navigation marker; the login page must not send the user back to it.
        url.searchParams.delete('_rsc');
        const next = safeNextPath(url.pathname + url.search);
        res.writeHead(302, { location: `/login${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}` }).end();
        return;
      }
      const elsewhere = session.display ? displayRedirect(url.pathname) : null;
      if (elsewhere) {
        res.writeHead(302, { location: elsewhere }).end();
        return;
      }
    }
    return deps.pages(req, res);
  };

  /** `/wall?token=…`: a valid token becomes a display session cookie, and the browser is sent on without the token. */
  async function exchangeDisplayToken(req: IncomingMessage, res: ServerResponse, url: URL) {
    const meta = { ip: req.socket.remoteAddress ?? null, userAgent: req.headers['user-agent'] ?? null };
    const session = await deps.auth.displays.exchange(url.searchParams.get('token') ?? '', meta).catch(() => null);
    if (!session) {
      await deps.auth.audit.record({ actor: 'display', action: 'display.sign-in', outcome: 'failure', ...meta }).catch(() => undefined);
      const message = new InvalidDisplayTokenError().message;
      res.writeHead(401, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(`<!doctype html><title>Eventline wall</title><body style="background:#0b0f14;color:#e6edf3;font:2vw system-ui;padding:10vh 8vw"><p data-testid="wall-token-invalid">${message}</p></body>`);
      return;
    }
    await deps.auth.audit
      .record({ actor: `display:${session.name}`, role: 'display', action: 'display.sign-in', target: session.tokenId, outcome: 'success', ...meta })
      .catch(() => undefined);
    const cookie = [
      `${SESSION_COOKIE}=${session.token}`,
      'Path=/',
      'HttpOnly',
      'SameSite=Lax',
      `Max-Age=${DISPLAY_COOKIE_MAX_AGE_S}`,
      ...(deps.secureCookies ? ['Secure'] : []),
    ].join('; ');
    res.writeHead(302, { location: withoutToken(url), 'set-cookie': cookie, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' }).end();
  }
}
