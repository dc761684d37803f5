// One way to call a schema registry's Confluent API: basic auth when configured, a
// timeout, 404 as null, and every other failure as a RegistryUnavailableError whose
// message names the registry without a password written into its URL (messages reach
// the browser). Used by the registry view and by schema-decoder.ts.
import { redactUrl } from '../../lib/redact-url';

export type SchemaRegistrySettings = {
  /** Base URL of the Confluent-compatible API (Confluent: the root; Apicurio: …/apis/ccompat/v7). */
  url: string;
  username?: string;
  password?: string;
};

/** How long one call may wait. */
const TIMEOUT_MS = 5000;

export class RegistryUnavailableError extends Error {
  constructor(
    message: string,
    /** The registry did not answer at all (as opposed to answering "no"): callers back off. */
    readonly unreachable = false,
  ) {
    super(message);
  }
}

/**
 * The address to call and the credentials to send. Credentials written into the URL
 * (`https://user:pw@registry`) become basic auth: fetch refuses a URL that holds them, and
 * its error would repeat the password. SCHEMA_REGISTRY_USERNAME/PASSWORD win when both are given.
 */
export function registryEndpoint(settings: SchemaRegistrySettings): { base: string; username?: string; password?: string } {
  let url: URL;
  try {
    url = new URL(settings.url);
  } catch {
    return { base: settings.url.replace(/\/+$/, ''), username: settings.username, password: settings.password };
  }
  const inUrl = url.username ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) } : null;
  url.username = '';
  url.password = '';
  const base = url.toString().replace(/\/+$/, '');
  if (settings.username) return { base, username: settings.username, password: settings.password };
  return inUrl ? { base, ...inUrl } : { base };
}

export function createRegistryHttp(settings: SchemaRegistrySettings) {
  const { base, username, password } = registryEndpoint(settings);
  const shown = redactUrl(settings.url.replace(/\/+$/, ''));
  const headers: Record<string, string> = { Accept: 'application/vnd.schemaregistry.v1+json, application/json' };
  if (username) headers.Authorization = `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}`;

  return {
    /** The registry's address as it may be shown. */
    shown,
    /** GET `path` (or POST `body` to it); null on 404. */
    async call(path: string, init?: { method: 'POST'; body: unknown }): Promise<unknown> {
      let res: Response;
      try {
        res = await fetch(`${base}${path}`, {
          method: init?.method ?? 'GET',
          headers: init ? { ...headers, 'Content-Type': 'application/vnd.schemaregistry.v1+json' } : headers,
          body: init ? JSON.stringify(init.body) : undefined,
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (err) {
        const cause = (err as { cause?: { code?: string; message?: string } }).cause;
        const why = cause?.code ?? cause?.message ?? ((err as Error).name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : (err as Error).message);
        throw new RegistryUnavailableError(`the schema registry at ${shown} is unreachable (${why})`, true);
      }
      if (res.status === 404) return null;
      if (res.status === 401 || res.status === 403) {
        throw new RegistryUnavailableError(`the schema registry at ${shown} refused the credentials (HTTP ${res.status}): check SCHEMA_REGISTRY_USERNAME and SCHEMA_REGISTRY_PASSWORD`);
      }
      if (!res.ok) throw new RegistryUnavailableError(`the schema registry at ${shown} answered HTTP ${res.status} to ${path}`);
      return res.json();
    },
  };
}
