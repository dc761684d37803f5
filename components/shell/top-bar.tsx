'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { roleAtLeast, type Role } from '@/lib/session-types';
import { useMe } from '@/components/api/use-me';
import { LiveIndicator } from './live-indicator';
import { UserMenu } from './user-menu';
import styles from './shell.module.css';

interface NavItem {
  href: string;
  label: string;
  /** Shown instead of `label` on a laptop-wide screen, where an admin's whole bar must fit. */
  short?: string;
  needs: Role;
}

const NAV: NavItem[] = [
  { href: '/', label: 'Overview', needs: 'viewer' },
  { href: '/flows', label: 'Flows', needs: 'viewer' },
  { href: '/topics', label: 'Topics', needs: 'viewer' },
  { href: '/groups', label: 'Consumer groups', short: 'Groups', needs: 'viewer' },
  { href: '/traces', label: 'Traces', needs: 'viewer' },
  { href: '/replays', label: 'Replays', needs: 'viewer' },
  { href: '/catalog', label: 'Catalog', needs: 'viewer' },
  { href: '/admin/audit', label: 'Audit log', needs: 'admin' },
  { href: '/admin/users', label: 'Users', needs: 'admin' },
  { href: '/admin/displays', label: 'Displays', needs: 'admin' },
];

function isActive(pathname: string, href: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}

export function TopBar({ cluster }: { cluster: { name: string; id: string } | null }) {
  const pathname = usePathname();
  const me = useMe();
  const role = me.data?.user.role;

  return (
    <header className={styles.topBar}>
      <Link href="/" className={styles.brand}>
        <span className={styles.brandMark} aria-hidden="true" />
        Eventline
      </Link>
      {cluster && (
        <span className={styles.cluster} title={`Kafka cluster id ${cluster.id}`} data-testid="cluster-name">
          {cluster.name}
        </span>
      )}
      <nav className={styles.nav} aria-label="Main">
        {NAV.filter((item) => role && roleAtLeast(role, item.needs)).map((item) => (
          <Link
            key={item.href}
            href={item.href}
            className={styles.navLink}
            aria-current={isActive(pathname, item.href) ? 'page' : undefined}
          >
            {item.short ? (
              <>
                <span className={styles.navLong}>{item.label}</span>
                <span className={styles.navShort} title={item.label}>
                  {item.short}
                </span>
              </>
            ) : (
              item.label
            )}
          </Link>
        ))}
      </nav>
      <div className={styles.topBarEnd}>
        <LiveIndicator />
        {me.data && <UserMenu user={me.data.user} />}
      </div>
    </header>
  );
}
