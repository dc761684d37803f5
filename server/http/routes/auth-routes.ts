import { deleteCookie, setCookie } from 'hono/cookie';
import { loginRequestSchema, type MeResponse } from '../../../lib/session-types';
import { NotSignedInError, SESSION_COOKIE, type AuthService } from '../../auth';
import type { RouteDef } from '../route-table';

export function authRoutes(deps: { auth: AuthService; secureCookies: boolean }): RouteDef[] {
  const { auth, secureCookies } = deps;
  return [
    {
      method: 'POST',
      path: '/api/auth/login',
      access: 'public',
      handler: async (c) => {
        const body = loginRequestSchema.parse(await c.req.json());
        const s = await auth.login(body.username, body.password, c.get('meta'));
        setCookie(c, SESSION_COOKIE, s.token, {
          httpOnly: true,
          sameSite: 'Strict',
          secure: secureCookies,
          path: '/',
          expires: s.expiresAt,
        });
        return c.json({ user: s.user, csrfToken: s.csrfToken } satisfies MeResponse);
      },
    },
    {
      method: 'POST',
      path: '/api/auth/logout',
      access: 'viewer',
      handler: async (c) => {
        const session = c.get('session');
        if (!session) throw new NotSignedInError();
        await auth.sessions.destroy(session.tokenHash);
        await auth.audit.record({ actor: session.user.username, role: session.user.role, action: 'auth.logout', outcome: 'success', ...c.get('meta') });
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
        return c.body(null, 204);
      },
    },
    {
      method: 'GET',
      path: '/api/auth/me',
      access: 'viewer',
      handler: (c) => {
        const session = c.get('session')!;
        return c.json({ user: session.user, csrfToken: session.csrfToken } satisfies MeResponse);
      },
    },
  ];
}
