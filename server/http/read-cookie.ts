import { SESSION_COOKIE, type AuthService } from '../auth';

/** The value of one cookie from a Cookie header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The session a request's Cookie header signs in with, or null (unknown, expired or no cookie). */
export function findCookieSession(auth: AuthService, cookieHeader: string | undefined) {
  return auth.sessions.find(readCookie(cookieHeader, SESSION_COOKIE));
}
