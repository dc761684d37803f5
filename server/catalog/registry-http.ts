// One way to call a schema registry's Confluent API: basic auth when configured, a
// timeout, 404 as null, and every other failure as a RegistryUnavailableError whose
// message names the registry without a password written into its URL (messages reach
// the browser). schema-decoder.ts still has its own copy of this (getJson); it should
// move here once the decoding work on that file is merged.
import { redactUrl } from '../../lib/redact-url';
import type { SchemaRegistrySettings } from './schema-decoder';

/** How long one call may wait. */
const TIMEOUT_MS = 5000;

export class RegistryUnavailableError extends Error {}

export function createRegistryHttp(settings: SchemaRegistrySettings) {
  const base = settings.url.replace(/\/+$/, '');
  const shown = redactUrl(base);
  const headers: Record<string, string> = { Accept: 'application/vnd.schemaregistry.v1+json, application/json' };
  if (settings.username) headers.Authorization = `Basic ${Buffer.from(`${settings.username}:${settings.password ?? ''}`).toString('base64')}`;

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
        throw new RegistryUnavailableError(`the schema registry at ${shown} is unreachable (${cause?.code ?? cause?.message ?? (err as Error).message})`);
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
