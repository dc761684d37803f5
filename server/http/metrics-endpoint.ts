import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthService } from '../auth';
import { findCookieSession } from './read-cookie';

/**
 * GET /metrics for Prometheus: allowed with `Authorization: Bearer <EVENTLINE_METRICS_TOKEN>`
 * (when the token is configured) or with a signed-in session (any role).
 */
export function createMetricsEndpoint(deps: { auth: AuthService; token: string | undefined; render: () => string | Promise<string> }) {
  const tokenHash = deps.token ? sha(deps.token) : null;
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { allow: 'GET' }).end();
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    let ok = Boolean(bearer && tokenHash && timingSafeEqual(sha(bearer), tokenHash));
    if (!ok) ok = Boolean(await findCookieSession(deps.auth, req.headers.cookie).catch(() => null));
    if (!ok) {
      res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer realm="eventline"' }).end('sign in or send Authorization: Bearer <EVENTLINE_METRICS_TOKEN>\n');
      return;
    }
    const body = req.method === 'HEAD' ? undefined : await deps.render();
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' }).end(body);
  };
}

function sha(s: string) {
  return createHash('sha256').update(s).digest();
}
