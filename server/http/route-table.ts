import type { Context } from 'hono';
import type { Role } from '../../lib/session-types';
import type { ActiveSession } from '../auth';

/**
 * Who may call a route: `public` anyone; `display` any session, wall displays included
 * (the wall's own read routes); a role, that role or above — never a display.
 */
export type Access = 'public' | 'display' | Role;
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

export type HttpEnv = { Variables: { session: ActiveSession | null; meta: RequestMeta } };
export type RouteContext = Context<HttpEnv>;

/**
 * One entry per API route. The table is the single place that says who may call what;
 * the auth guard reads `access` and tests enumerate the table to prove every route is
 * guarded (server/http/route-guard.int.test.ts).
 */
export interface RouteDef {
  method: Method;
  path: string;
  access: Access;
  /** An example path with parameters filled, for the guard test. */
  example?: string;
  handler: (c: RouteContext) => Response | Promise<Response>;
}

export const isWrite = (m: Method) => m !== 'GET';
