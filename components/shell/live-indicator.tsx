'use client';

import { useSocketStatus } from '@/components/realtime/use-socket-status';
import type { SocketStatus } from '@/components/realtime/socket-status';
import styles from './shell.module.css';

const LABEL: Record<SocketStatus, string> = {
  live: 'Live',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

const TITLE: Record<SocketStatus, string> = {
  live: 'Receiving live updates from the Eventline server',
  connecting: 'Opening the live connection to the Eventline server',
  reconnecting: 'Lost the live connection to the Eventline server; data may be stale',
  offline: 'No live connection to the Eventline server; reload the page',
};

export function LiveIndicator() {
  const status = useSocketStatus();
  return (
    <span className={styles.live} data-status={status} data-testid="live-indicator" title={TITLE[status]}>
      <span className={styles.liveDot} aria-hidden="true" />
      {LABEL[status]}
    </span>
  );
}
