'use client';

import { useDisplays } from '@/components/api/use-displays';
import { PageSkeleton } from '@/components/shell/page-skeleton';
import { ErrorPanel } from '@/components/ui/error-panel';
import styles from '@/components/users/users.module.css';
import { CreateDisplayForm } from './create-display-form';
import { DisplaysTable } from './displays-table';

/** Admin → Displays: the wall screens' sign-in links, when each was last seen, and revoking. */
export function DisplaysPage() {
  const displays = useDisplays();
  if (displays.isPending) return <PageSkeleton />;
  if (displays.isError) return <ErrorPanel error={displays.error} onRetry={() => void displays.refetch()} />;
  const active = displays.data.filter((d) => d.status === 'active').length;
  return (
    <div>
      <div className="page-header">
        <h1 className="page-title">Displays</h1>
        <span className="page-subtitle" data-testid="display-count">
          {active} active · wall screens sign in with a link and see only the wall
        </span>
      </div>
      <div className={styles.layout}>
        <DisplaysTable displays={displays.data} />
        <CreateDisplayForm />
      </div>
    </div>
  );
}
