import { z } from 'zod';

export const roles = ['viewer', 'operator', 'admin'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

export interface SessionUser {
  id: string;
  username: string;
  role: Role;
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

export function roleAtLeast(role: Role, needed: Role): boolean {
  return roles.indexOf(role) >= roles.indexOf(needed);
}
