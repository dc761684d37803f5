'use client';

import type { SessionUser } from '@/lib/session-types';
import { useLogout } from '@/components/api/use-session';
import styles from './shell.module.css';

export function UserMenu({ user }: { user: SessionUser }) {
  const logout = useLogout();
  return (
    <div className={styles.user}>
      <span className={styles.userName} data-testid="current-user">
        {user.username}
      </span>
      <span className={`badge badge-role-${user.role}`} data-testid="current-role">
        {user.role}
      </span>
      <button
        type="button"
        className="btn btn-ghost btn-small"
        onClick={() => logout.mutate()}
        disabled={logout.isPending}
        data-testid="sign-out"
      >
        {logout.isPending ? 'Signing out…' : 'Sign out'}
      </button>
    </div>
  );
}
