'use client';

import type { ReactNode } from 'react';
import { roleAtLeast, type Role } from '@/lib/session-types';
import { useMe } from '@/components/api/use-me';
import { ErrorPanel } from '@/components/ui/error-panel';
import { PageSkeleton } from './page-skeleton';

/**
 * Hides a page from roles that can't use it. The server refuses the data anyway (403);
 * this only spares the user a page of errors.
 */
export function RequireRole({ role, children }: { role: Role; children: ReactNode }) {
  const me = useMe();
  if (me.isPending) return <PageSkeleton />;
  if (me.isError) return <ErrorPanel error={me.error} onRetry={() => void me.refetch()} />;
  if (!roleAtLeast(me.data.user.role, role)) {
    return (
      <div className="panel panel-message" data-testid="forbidden">
        <h1 className="page-title">Not available</h1>
        <p>
          This page needs the <strong>{role}</strong> role. You are signed in as{' '}
          <strong>{me.data.user.username}</strong> ({me.data.user.role}).
        </p>
      </div>
    );
  }
  return children;
}
