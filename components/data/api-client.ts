// The one way the browser talks to the Eventline API: same-origin JSON with the
// session cookie, the CSRF header on writes, and every failure as an ApiError.
import { EventlineError } from '../../lib/eventline-error';
import type { ApiErrorBody } from '@/lib/session-types';
import { loginUrl } from './login-redirect';

export class ApiError extends EventlineError {
  readonly status: number;
  readonly details: unknown;
  /** From the `retry-after` header of a 429, in seconds. */
  readonly retryAfterSeconds: number | null;

  constructor(
    message: string,
    opts: { code: string; status: number; retriable?: boolean; details?: unknown; retryAfterSeconds?: number | null },
  ) {
    super(message, { code: opts.code, retriable: opts.retriable, httpStatus: opts.status });
    this.status = opts.status;
    this.details = opts.details;
    this.retryAfterSeconds = opts.retryAfterSeconds ?? null;
  }
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiRequest {
  method?: HttpMethod;
  body?: unknown;
  /** Required by the server on every non-GET request once signed in. */
  csrfToken?: string;
  /** A 401 sends the browser to /login by default; the login form itself opts out. */
  redirectOn401?: boolean;
  /** Error statuses whose body is a normal answer (GET /api/health is 503 when degraded). */
  acceptStatuses?: number[];
  signal?: AbortSignal;
}

const RETRIABLE_STATUSES = new Set([0, 429, 502, 503, 504]);

/** Turns a failed response into an ApiError, whatever the body looks like. */
export function toApiError(status: number, body: unknown, retryAfter: string | null = null): ApiError {
  const err = isApiErrorBody(body) ? body.error : null;
  const seconds = retryAfter === null ? null : Number.parseInt(retryAfter, 10);
  return new ApiError(err?.message || `The server answered ${status}`, {
    code: err?.code || `http_${status}`,
    status,
    retriable: err?.retriable ?? RETRIABLE_STATUSES.has(status),
    details: err?.details,
    retryAfterSeconds: seconds !== null && Number.isFinite(seconds) ? seconds : null,
  });
}

function isApiErrorBody(body: unknown): body is ApiErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const e = (body as { error: unknown }).error;
  return typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string';
}

export function redirectToLogin(): void {
  if (typeof window === 'undefined') return;
  const { pathname, search } = window.location;
  if (pathname === '/login') return;
  window.location.assign(loginUrl(pathname, search));
}

export async function apiFetch<T>(path: string, req: ApiRequest = {}): Promise<T> {
  const method = req.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') {
    headers['content-type'] = 'application/json';
    if (req.csrfToken) headers['x-csrf-token'] = req.csrfToken;
  }

  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: req.signal,
    });
  } catch (cause) {
    if (req.signal?.aborted) throw cause;
    throw new ApiError('Cannot reach the Eventline server. Check that it is running.', {
      code: 'network_error',
      status: 0,
      retriable: true,
    });
  }

  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      if (res.ok) {
        throw new ApiError(`Expected JSON from ${path}`, { code: 'bad_response', status: res.status });
      }
    }
  }

  if (!res.ok && !req.acceptStatuses?.includes(res.status)) {
    if (res.status === 401 && req.redirectOn401 !== false) redirectToLogin();
    throw toApiError(res.status, body, res.headers.get('retry-after'));
  }
  return body as T;
}

/** A CSRF failure means our token is stale (new session, server restart): fetch a new one and try once more. */
export function isCsrfError(error: unknown): boolean {
  return error instanceof ApiError && error.status === 403 && /csrf/i.test(error.code);
}

/** react-query's retry policy: a few tries for transient failures, none for 4xx answers. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= 3) return false;
  if (error instanceof ApiError) return error.retriable && error.status !== 429;
  return true;
}

/** What to show a person for any error value. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
