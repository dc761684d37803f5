// The add-user rules, once for both sides: the form checks them, POST /api/users again.
import { z } from 'zod';
import { roleSchema } from './session-types';

export const MIN_PASSWORD_LENGTH = 10;

export const createUserSchema = z.object({
  username: z
    .string()
    .trim()
    .min(2, 'At least 2 characters')
    .max(64, 'At most 64 characters')
    .regex(/^[a-zA-Z0-9._@-]+$/, 'Letters, digits, ".", "_", "-" and "@" only'),
  password: z.string().min(MIN_PASSWORD_LENGTH, `At least ${MIN_PASSWORD_LENGTH} characters`).max(1000),
  role: roleSchema,
});

export type CreateUserFields = keyof z.infer<typeof createUserSchema>;

export function userFieldErrors(error: z.ZodError): Partial<Record<CreateUserFields, string>> {
  const out: Partial<Record<CreateUserFields, string>> = {};
  for (const issue of error.issues) {
    const key = issue.path[0];
    if ((key === 'username' || key === 'password' || key === 'role') && !out[key]) out[key] = issue.message;
  }
  return out;
}
