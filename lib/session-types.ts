import { z } from 'zod';

export const roles = ['viewer', 'operator', 'admin'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

/**
 * A wall display signs in with a display token, not a password. Its role is below
 * viewer and outside the ladder: it may read the wall's data and nothing else.
 */
export type SessionRole = Role | 'display';

export interface SessionUser {
  id: string;
  username: string;
  role: SessionRole;
}

/** GET /api/auth/me: the user and the CSRF token to echo in `x-csrf-token` on writes. */
export interface MeResponse {
  user: SessionUser;
  csrfToken: string;
}

export const loginRequestSchema = z.object({
  username: z.string().trim().min(1, 'Enter a user name').max(200),
  password: z.string().min(1, 'Enter a password').max(1000),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

/** Every error the API returns has this body. */
export interface ApiErrorBody {
  error: { code: string; message: string; retriable?: boolean; details?: unknown };
}

/** A display is never "at least" any person's role. */
export function roleAtLeast(role: SessionRole, needed: Role): boolean {
  if (role === 'display') return false;
  return roles.indexOf(role) >= roles.indexOf(needed);
}
