import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { wallBoardSchema, type DisplayTokenView, type WallBoardId } from '../../lib/wall-types';
import type { PrismaClient } from '../store/generated/client';
import { DisplayTokenNotFoundError } from './auth-errors';
import { hashToken, type SessionStore } from './session-store';

type Row = Awaited<ReturnType<PrismaClient['displayToken']['findFirstOrThrow']>>;
type Meta = { ip: string | null; userAgent: string | null };

/** Display tokens start with this so a leaked one is recognisable in logs and scanners. */
const TOKEN_PREFIX = 'evd_';
/** The token's last-seen address is written at most this often per token. */
const SEEN_EVERY_MS = 60_000;

export interface DisplayTokenEvents {
  /** A token was revoked: its screens must be told and disconnected now, not at the next session re-check. */
  revoked: [tokenId: string];
}

/**
 * Tokens a wall display signs in with. The token itself is returned once, at creation;
 * the database keeps its sha-256, like session cookies. Exchanging a valid token opens a
 * display session (see session-store.ts), which outlives server restarts.
 */
export function createDisplayTokens(prisma: PrismaClient, sessions: SessionStore) {
  const events = new EventEmitter<DisplayTokenEvents>();
  const lastSeenWrite = new Map<string, number>();

  return {
    events,

    async create(input: { name: string; boards: WallBoardId[]; expiresAt: Date | null; createdBy: string }) {
      const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
      const row = await prisma.displayToken.create({
        data: { name: input.name, boards: input.boards, expiresAt: input.expiresAt, createdBy: input.createdBy, tokenHash: hashToken(token) },
      });
      return { display: toView(row), token };
    },

    async list(): Promise<DisplayTokenView[]> {
      return (await prisma.displayToken.findMany({ orderBy: { createdAt: 'desc' } })).map(toView);
    },

    /** Marks the token revoked and ends its sessions; the socket layer hears `revoked` and closes the screens. */
    async revoke(id: string): Promise<DisplayTokenView> {
      const row = await prisma.displayToken.findUnique({ where: { id } }).catch(() => null);
      if (!row) throw new DisplayTokenNotFoundError(id);
      const updated = row.revokedAt ? row : await prisma.displayToken.update({ where: { id }, data: { revokedAt: new Date() } });
      await prisma.session.deleteMany({ where: { displayTokenId: id } });
      events.emit('revoked', id);
      return toView(updated);
    },

    /** A valid token becomes a new display session; anything else is null. */
    async exchange(token: string, meta: Meta) {
      if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
      const row = await prisma.displayToken.findUnique({ where: { tokenHash: hashToken(token) } });
      if (!row || statusOf(row) !== 'active') return null;
      await prisma.displayToken.update({ where: { id: row.id }, data: { lastSeenAt: new Date(), lastSeenIp: meta.ip } });
      lastSeenWrite.set(row.id, Date.now());
      return { ...(await sessions.createForDisplay(row.id, row.expiresAt, meta)), tokenId: row.id, name: row.name };
    },

    /** Records where a display was last seen from (its requests and socket connects), throttled. */
    async seen(tokenId: string, ip: string | null) {
      const last = lastSeenWrite.get(tokenId) ?? 0;
      if (Date.now() - last < SEEN_EVERY_MS) return;
      lastSeenWrite.set(tokenId, Date.now());
      await prisma.displayToken.update({ where: { id: tokenId }, data: { lastSeenAt: new Date(), lastSeenIp: ip } }).catch(() => undefined);
    },
  };
}

function statusOf(row: Row): DisplayTokenView['status'] {
  if (row.revokedAt) return 'revoked';
  if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) return 'expired';
  return 'active';
}

function toView(row: Row): DisplayTokenView {
  return {
    id: row.id,
    name: row.name,
    boards: row.boards.filter((b): b is WallBoardId => wallBoardSchema.safeParse(b).success),
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
    lastSeenIp: row.lastSeenIp,
    status: statusOf(row),
  };
}

export type DisplayTokens = ReturnType<typeof createDisplayTokens>;
