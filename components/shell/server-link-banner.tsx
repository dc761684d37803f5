'use client';

import { useSocketStatus } from '@/components/realtime/use-socket-status';
import styles from './shell.module.css';

/**
 * Distinct from the Kafka banner: here the browser has lost the Eventline server
 * itself, so even the Kafka status on screen may be old. Silent until we have been
 * live once, so a page load never flashes it.
 */
export function ServerLinkBanner() {
  const status = useSocketStatus();
  if (status !== 'reconnecting' && status !== 'offline') return null;
  return (
    <section className={`${styles.banner} ${styles.bannerWarn}`} data-testid="server-banner" role="status">
      <div className={styles.bannerHead}>
        <strong>Lost the connection to the Eventline server</strong>
        <span className={styles.bannerMeta}>
          {status === 'reconnecting'
            ? 'Numbers below may be stale. Reconnecting…'
            : 'Numbers below may be stale. Reload the page to reconnect.'}
        </span>
      </div>
    </section>
  );
}
