import { createHash, randomBytes } from 'node:crypto';
import type { SessionUser } from '../../lib/session-types';
import { wallBoardSchema, type WallBoardId } from '../../lib/wall-types';
import type { PrismaClient } from '../store/generated/client';

export interface ActiveSession {
  user: SessionUser;
  csrfToken: string;
  tokenHash: string;
  expiresAt: Date;
  /** Set for a wall display's session: which token it came from and the boards it may show. */
  display: { tokenId: string; name: string; boards: WallBoardId[] } | null;
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
/** lastSeenAt is written at most this often per session, not on every request. */
const TOUCH_EVERY_MS = 60_000;
/**
 * A display's session lives this long and is renewed (up to its token's expiry) whenever
 * it is used past half of it, so a screen left on all week never has to sign in again.
 */
export const DISPLAY_SESSION_TTL_MS = 30 * 24 * 3600_000;

type Meta = { ip: string | null; userAgent: string | null };

export function createSessionStore(prisma: PrismaClient, ttlMs: number) {
  async function insert(owner: { userId: string } | { displayTokenId: string }, meta: Meta, expiresAt: Date) {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    await prisma.session.create({
      data: { tokenHash: hashToken(token), ...owner, csrfToken, expiresAt, ip: meta.ip, userAgent: meta.userAgent?.slice(0, 500) ?? null },
    });
    return { token, csrfToken, expiresAt };
  }

  return {
    create: (userId: string, meta: Meta) => insert({ userId }, meta, new Date(Date.now() + ttlMs)),

    /** A display's session, valid no longer than its token. */
    createForDisplay(displayTokenId: string, tokenExpiresAt: Date | null, meta: Meta) {
      return insert({ displayTokenId }, meta, displayExpiry(tokenExpiresAt));
    },

    async find(token: string | undefined): Promise<ActiveSession | null> {
      if (!token || token.length > 200) return null;
      const tokenHash = hashToken(token);
      const s = await prisma.session.findUnique({ where: { tokenHash }, include: { user: true, displayToken: true } });
      if (!s) return null;
      const now = Date.now();
      const d = s.displayToken;
      const tokenDead = d !== null && (d.revokedAt !== null || (d.expiresAt !== null && d.expiresAt.getTime() <= now));
      if (s.expiresAt.getTime() <= now || tokenDead || (!s.user && !d)) {
        await prisma.session.deleteMany({ where: { tokenHash } });
        return null;
      }
      let expiresAt = s.expiresAt;
      if (now - s.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
        const data: { lastSeenAt: Date; expiresAt?: Date } = { lastSeenAt: new Date(now) };
        if (d && expiresAt.getTime() - now < DISPLAY_SESSION_TTL_MS / 2) data.expiresAt = expiresAt = displayExpiry(d.expiresAt);
        await prisma.session.update({ where: { tokenHash }, data }).catch(() => undefined);
        if (d) await prisma.displayToken.update({ where: { id: d.id }, data: { lastSeenAt: new Date(now) } }).catch(() => undefined);
      }
      const base = { csrfToken: s.csrfToken, tokenHash, expiresAt };
      if (d) {
        const boards = d.boards.filter((b): b is WallBoardId => wallBoardSchema.safeParse(b).success);
        return { ...base, user: { id: `display:${d.id}`, username: `display:${d.name}`, role: 'display' }, display: { tokenId: d.id, name: d.name, boards } };
      }
      return { ...base, user: { id: s.user!.id, username: s.user!.username, role: s.user!.role }, display: null };
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

function displayExpiry(tokenExpiresAt: Date | null): Date {
  const renewed = Date.now() + DISPLAY_SESSION_TTL_MS;
  return new Date(tokenExpiresAt ? Math.min(renewed, tokenExpiresAt.getTime()) : renewed);
}

export type SessionStore = ReturnType<typeof createSessionStore>;
