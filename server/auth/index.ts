import type { EventlineConfig } from '../config';
import type { Logger } from '../log/logger';
import type { PrismaClient } from '../store/generated/client';
import { createAuditLog } from './audit-log';
import { TooManyLoginAttemptsError, WrongCredentialsError } from './auth-errors';
import { createLoginRateLimiter } from './login-rate-limiter';
import { verifyPassword } from './passwords';
import { createSessionStore } from './session-store';
import { createUserDirectory } from './user-directory';
import { createDisplayTokens } from './display-tokens';

export * from './auth-errors';
export type { ActiveSession } from './session-store';
export type { AuditRecord, AuditLog } from './audit-log';
export type { UserView } from './user-directory';
export type { DisplayTokens } from './display-tokens';

export const SESSION_COOKIE = 'eventline_session';

export function createAuthService(deps: { prisma: PrismaClient; config: EventlineConfig; log: Logger }) {
  const { prisma, config, log } = deps;
  const sessions = createSessionStore(prisma, config.EVENTLINE_SESSION_TTL_HOURS * 3600_000);
  const users = createUserDirectory(prisma);
  const audit = createAuditLog(prisma, log.child('audit'));
  const displays = createDisplayTokens(prisma, sessions);
  // Per user name: guesses against one account. Per IP, looser: one client spraying many
  // names — looser because a whole office may share one address behind NAT.
  const perUser = createLoginRateLimiter({ maxAttempts: config.EVENTLINE_LOGIN_ATTEMPTS_PER_MINUTE, windowMs: 60_000 });
  const perIp = createLoginRateLimiter({ maxAttempts: config.EVENTLINE_LOGIN_ATTEMPTS_PER_MINUTE * 5, windowMs: 60_000 });

  async function login(username: string, password: string, meta: { ip: string | null; userAgent: string | null }) {
    const ipKey = [meta.ip ?? '?'];
    const userKey = [username.toLowerCase()];
    const wait = Math.max(perUser.retryAfterSeconds(userKey), perIp.retryAfterSeconds(ipKey));
    if (wait > 0) {
      await audit.record({ actor: username, action: 'auth.login', outcome: 'denied', detail: { reason: 'rate-limited' }, ...meta });
      throw new TooManyLoginAttemptsError(wait);
    }
    const user = await users.findByName(username);
    const ok = await verifyPassword(password, user?.passwordHash ?? null);
    if (!user || !ok) {
      perUser.recordFailure(userKey);
      perIp.recordFailure(ipKey);
      await audit.record({ actor: username, action: 'auth.login', outcome: 'failure', ...meta });
      throw new WrongCredentialsError();
    }
    perUser.reset(userKey);
    await users.markLogin(user.id);
    const session = await sessions.create(user.id, meta);
    await audit.record({ actor: user.username, role: user.role, action: 'auth.login', outcome: 'success', ...meta });
    return { ...session, user: { id: user.id, username: user.username, role: user.role }, display: null };
  }

  return { login, sessions, users, audit, displays };
}

export type AuthService = ReturnType<typeof createAuthService>;
