// Where to send someone who must sign in, and where to send them back afterwards.

/** The login URL that brings the user back to `pathname + search` after signing in. */
export function loginUrl(pathname: string, search = ''): string {
  const back = pathname + search;
  if (pathname === '/login' || back === '/' || back === '') return '/login';
  return `/login?next=${encodeURIComponent(back)}`;
}

/**
 * The `next` parameter, if it is a path on this site; otherwise "/".
 * Refuses "//evil.example", "/\\evil.example" and "https://…": browsers treat those as
 * other hosts, and a login form that redirects anywhere is a phishing tool.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/')) return '/';
  if (next.startsWith('//') || next.startsWith('/\\')) return '/';
  // Control characters (tab, newline) are stripped by URL parsers and could smuggle "//".
  if (/[\u0000-\u001f\u007f]/.test(next)) return '/';
  if (next === '/login' || next.startsWith('/login?') || next.startsWith('/login/')) return '/';
  return next;
}
