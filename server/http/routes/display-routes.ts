import { createDisplayTokenSchema, type CreatedDisplayToken } from '../../../lib/wall-types';
import type { AuthService } from '../../auth';
import { audited } from '../audited';
import type { RouteDef } from '../route-table';

/** Admins manage wall display tokens: list, create (the token is in the answer once), revoke. */
export function displayRoutes(deps: { auth: AuthService }): RouteDef[] {
  const { auth } = deps;
  return [
    {
      method: 'GET',
      path: '/api/displays',
      access: 'admin',
      handler: async (c) => c.json({ displays: await auth.displays.list() }),
    },
    {
      method: 'POST',
      path: '/api/displays',
      access: 'admin',
      handler: async (c) => {
        const body = createDisplayTokenSchema.parse(await c.req.json());
        const expiresAt = body.expiresAt ? new Date(body.expiresAt) : null;
        const created = await audited(
          auth,
          c,
          { action: 'display.create', target: body.name, detail: { boards: body.boards, expiresAt: body.expiresAt ?? null } },
          () => auth.displays.create({ name: body.name, boards: body.boards, expiresAt, createdBy: c.get('session')!.user.username }),
        );
        return c.json(created satisfies CreatedDisplayToken, 201);
      },
    },
    {
      method: 'POST',
      path: '/api/displays/:id/revoke',
      access: 'admin',
      example: '/api/displays/00000000-0000-0000-0000-000000000000/revoke',
      handler: async (c) => {
        const id = c.req.param('id') ?? '';
        const display = await audited(auth, c, { action: 'display.revoke', target: id }, () => auth.displays.revoke(id));
        return c.json(display);
      },
    },
  ];
}
