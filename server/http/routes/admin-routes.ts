import { z } from 'zod';
import { createUserSchema } from '../../../lib/create-user-schema';
import type { AuthService } from '../../auth';
import { audited } from '../audited';
import type { RouteDef } from '../route-table';

const auditQuery = z.object({
  before: z.string().regex(/^\d+$/, 'must be an entry id').optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export function adminRoutes(deps: { auth: AuthService }): RouteDef[] {
  const { auth } = deps;
  return [
    {
      method: 'GET',
      path: '/api/audit',
      access: 'admin',
      handler: async (c) => {
        const q = auditQuery.parse(c.req.query());
        return c.json(await auth.audit.page({ before: q.before ? BigInt(q.before) : undefined, limit: q.limit }));
      },
    },
    {
      method: 'GET',
      path: '/api/users',
      access: 'admin',
      handler: async (c) => c.json({ users: await auth.users.list() }),
    },
    {
      method: 'POST',
      path: '/api/users',
      access: 'admin',
      handler: async (c) => {
        const body = createUserSchema.parse(await c.req.json());
        const user = await audited(auth, c, { action: 'user.create', target: body.username, detail: { role: body.role } }, () =>
          auth.users.create(body.username, body.password, body.role),
        );
        return c.json(user, 201);
      },
    },
  ];
}
