'use client';

import { useUsers } from '@/components/api/use-users';
import { PageSkeleton } from '@/components/shell/page-skeleton';
import { ErrorPanel } from '@/components/ui/error-panel';
import { CreateUserForm } from './create-user-form';
import { UsersTable } from './users-table';
import styles from './users.module.css';

export function UsersPage() {
  const users = useUsers();

  if (users.isPending) return <PageSkeleton />;
  if (users.isError) return <ErrorPanel error={users.error} onRetry={() => void users.refetch()} />;

  return (
    <div>
      <div className="page-header">
        <h1 className="page-title">Users</h1>
        <span className="page-subtitle" data-testid="user-count">
          {users.data.length} {users.data.length === 1 ? 'user' : 'users'}
        </span>
      </div>
      <div className={styles.layout}>
        <UsersTable users={users.data} />
        <CreateUserForm />
      </div>
    </div>
  );
}
