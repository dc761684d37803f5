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
