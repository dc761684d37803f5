import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Which page requests may reach Next.js without a session: the login page, Next's own
 * assets and the files in public/. Everything else is redirected to /login first, so
 * no page renders (or leaks its shell) for a signed-out visitor.
 */
export function createPageGuard(projectRoot: string) {
  const publicFiles = new Set(listPublic(join(projectRoot, 'public')));
  return function isOpenPath(pathname: string): boolean {
    return (
      pathname === '/login' ||
      pathname.startsWith('/_next/static/') ||
      pathname.startsWith('/_next/image') ||
      pathname === '/favicon.ico' ||
      publicFiles.has(pathname)
    );
  };
}

function listPublic(dir: string, prefix = ''): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? listPublic(join(dir, e.name), `${prefix}/${e.name}`) : [`${prefix}/${e.name}`],
    );
  } catch {
    return [];
  }
}

/** Only same-site relative paths are allowed as `next`, so the login page can't be used to redirect elsewhere. */
export function safeNextPath(raw: string | null | undefined): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  return raw;
}

/** The one page a wall display may open. */
export const WALL_PATH = '/wall';

/** Where a display session asking for `pathname` is sent instead, or null when it may have it. */
export function displayRedirect(pathname: string): string | null {
  return pathname === WALL_PATH ? null : WALL_PATH;
}

/** `/wall?token=…&boards=…` → `/wall?boards=…`: the token must not stay in the address bar or history. */
export function withoutToken(url: URL): string {
  // Kept as typed (not re-encoded), so `boards=health,groups` stays readable.
  const rest = url.search
    .slice(1)
    .split('&')
    .filter((p) => p && !p.startsWith('token='))
    .join('&');
  return `${WALL_PATH}${rest ? `?${rest}` : ''}`;
}
