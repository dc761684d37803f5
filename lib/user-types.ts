import type { Role } from './session-types';

/** A user as the admin pages see it (never the password hash). */
export interface UserView {
  id: string;
  username: string;
  role: Role;
  createdAt: string;
  lastLoginAt: string | null;
}
