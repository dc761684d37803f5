import type { Role } from '../../lib/session-types';
import type { UserView } from '../../lib/user-types';
import type { Logger } from '../log/logger';
import type { PrismaClient } from '../store/generated/client';
import { UserExistsError } from './auth-errors';
import { generatePassword, hashPassword } from './passwords';

export type { UserView };

export function createUserDirectory(prisma: PrismaClient) {
  return {
    async list(): Promise<UserView[]> {
      const users = await prisma.user.findMany({ orderBy: { username: 'asc' } });
      return users.map((u) => ({
        id: u.id,
        username: u.username,
        role: u.role,
        createdAt: u.createdAt.toISOString(),
        lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
      }));
    },

    async create(username: string, password: string, role: Role): Promise<UserView> {
      const existing = await prisma.user.findUnique({ where: { username } });
      if (existing) throw new UserExistsError(username);
      const u = await prisma.user.create({ data: { username, role, passwordHash: await hashPassword(password) } });
      return { id: u.id, username: u.username, role: u.role, createdAt: u.createdAt.toISOString(), lastLoginAt: null };
    },

    findByName: (username: string) => prisma.user.findUnique({ where: { username } }),
    markLogin: (id: string) => prisma.user.update({ where: { id }, data: { lastLoginAt: new Date() } }),

    /**
     * First start: with no users at all, create `admin`. The password comes from
     * EVENTLINE_ADMIN_PASSWORD, or is generated and printed once (not logged through
     * the logger, whose lines may be shipped elsewhere).
     */
    async ensureFirstAdmin(configured: string | undefined, log: Logger, print: (line: string) => void = console.log) {
      if ((await prisma.user.count()) > 0) return;
      const password = configured ?? generatePassword();
      await prisma.user.create({ data: { username: 'admin', role: 'admin', passwordHash: await hashPassword(password) } });
      if (configured) log.info('Created the first user "admin" with the password from EVENTLINE_ADMIN_PASSWORD');
      else print(`\n  First start: created user "admin" with password ${password}\n  It is shown only this once; sign in and create your own users under Admin → Users.\n`);
    },
  };
}

export type UserDirectory = ReturnType<typeof createUserDirectory>;
