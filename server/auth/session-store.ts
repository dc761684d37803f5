import { createHash, randomBytes } from 'node:crypto';
import type { SessionUser } from '../../lib/session-types';
import type { PrismaClient } from '../store/generated/client';

export interface ActiveSession {
  user: SessionUser;
  csrfToken: string;
  tokenHash: string;
  expiresAt: Date;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
/** lastSeenAt is written at most this often per session, not on every request. */
const TOUCH_EVERY_MS = 60_000;

export function createSessionStore(prisma: PrismaClient, ttlMs: number) {
  return {
    async create(userId: string, meta: { ip: string | null; userAgent: string | null }) {
      const token = randomBytes(32).toString('base64url');
      const csrfToken = randomBytes(24).toString('base64url');
      const expiresAt = new Date(Date.now() + ttlMs);
      await prisma.session.create({
        data: { tokenHash: hashToken(token), userId, csrfToken, expiresAt, ip: meta.ip, userAgent: meta.userAgent?.slice(0, 500) ?? null },
      });
      return { token, csrfToken, expiresAt };
    },

    async find(token: string | undefined): Promise<ActiveSession | null> {
      if (!token || token.length > 200) return null;
      const tokenHash = hashToken(token);
      const s = await prisma.session.findUnique({ where: { tokenHash }, include: { user: true } });
      if (!s) return null;
      if (s.expiresAt.getTime() <= Date.now()) {
        await prisma.session.deleteMany({ where: { tokenHash } });
        return null;
      }
      if (Date.now() - s.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
        await prisma.session.update({ where: { tokenHash }, data: { lastSeenAt: new Date() } }).catch(() => undefined);
      }
      return {
        user: { id: s.user.id, username: s.user.username, role: s.user.role },
        csrfToken: s.csrfToken,
        tokenHash,
        expiresAt: s.expiresAt,
      };
    },

    /** True while the session exists and has not expired (sockets re-check with this). */
    async existsByHash(tokenHash: string): Promise<boolean> {
      const s = await prisma.session.findUnique({ where: { tokenHash }, select: { expiresAt: true } });
      return Boolean(s && s.expiresAt.getTime() > Date.now());
    },

    async destroy(tokenHash: string) {
      await prisma.session.deleteMany({ where: { tokenHash } });
    },

    async purgeExpired() {
      const { count } = await prisma.session.deleteMany({ where: { expiresAt: { lte: new Date() } } });
      return count;
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
