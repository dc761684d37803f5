/**
 * A connection URL fit for logs and error messages: the password (in the userinfo or
 * as a `password=` query parameter) becomes `***`. Unparseable input is reduced to
 * `<unparseable url>` rather than echoed, since it may hold a secret in a form we do
 * not recognise.
 */
export function redactUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return '<unparseable url>';
  }
  if (u.password) u.password = '***';
  for (const key of [...u.searchParams.keys()]) {
    if (/^(password|pass|pwd|sslpassword)$/i.test(key)) u.searchParams.set(key, '***');
  }
  return u.toString();
}

/** `host:port` of a connection URL (default port 5432), for messages that must name the server. */
export function urlHostPort(url: string, defaultPort = 5432): string {
  try {
    const u = new URL(url);
    const host = u.hostname || decodeURIComponent(u.searchParams.get('host') ?? '') || 'localhost';
    return `${host}:${u.port || defaultPort}`;
  } catch {
    return '<unparseable url>';
  }
}
