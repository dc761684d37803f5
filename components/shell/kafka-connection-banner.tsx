'use client';

import { useEffect } from 'react';
import type { KafkaConnectionState } from '@/lib/cluster-types';
import { formatAge, formatClock } from '@/components/format/format';
import { useNow } from '@/components/ui/use-now';
import { connectionHeadline, retryLabel, retrySecondsLeft } from './connection-copy';
import styles from './shell.module.css';

const RETRY_SETTLE_MS = 1_500;

/**
 * Shown above every page while the server is not connected to Kafka.
 * The server pushes the state only when it changes, so when our countdown runs out we
 * ask for the snapshot again (`onRetryDue`) to learn how the retry went.
 */
export function KafkaConnectionBanner({
  connection,
  receivedAt,
  onRetryDue,
}: {
  connection: KafkaConnectionState;
  /** When this state reached us (the query's dataUpdatedAt): the countdown starts there. */
  receivedAt: number;
  onRetryDue?: () => void;
}) {
  const now = useNow(1_000);

  const unreachable = connection.status === 'unreachable';
  const secondsLeft = unreachable ? retrySecondsLeft(receivedAt, connection.retryInMs, now) : null;
  const retryDue = secondsLeft === 0;
  useEffect(() => {
    if (!retryDue || !onRetryDue) return;
    // Give the server's attempt a moment to finish before asking how it went.
    const id = setTimeout(onRetryDue, RETRY_SETTLE_MS);
    return () => clearTimeout(id);
  }, [retryDue, onRetryDue, receivedAt]);

  if (connection.status === 'connected') return null;

  return (
    <section
      className={`${styles.banner} ${unreachable ? styles.bannerDanger : styles.bannerWarn}`}
      data-testid="kafka-banner"
      data-status={connection.status}
      role="status"
      aria-live="polite"
    >
      <div className={styles.bannerHead}>
        <strong>{connectionHeadline(connection)}</strong>
        <span className={styles.bannerMeta}>
          since {formatClock(connection.since)} ({formatAge(connection.since, now)})
        </span>
        {unreachable && (
          <span className={styles.bannerRetry} data-testid="kafka-banner-retry">
            {retryLabel(secondsLeft ?? 0)}
          </span>
        )}
      </div>
      <div className={styles.bannerBody}>
        <span className={styles.bannerLabel}>Brokers</span>
        <span className="mono">{connection.brokers.length > 0 ? connection.brokers.join(', ') : '—'}</span>
      </div>
      {unreachable && (
        <div className={styles.bannerBody}>
          <span className={styles.bannerLabel}>Error</span>
          <span className="mono" data-testid="kafka-banner-error">
            {connection.error}
          </span>
        </div>
      )}
    </section>
  );
}
