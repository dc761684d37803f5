'use client';

import { useHealth } from '@/components/api/use-health';
import { LoginForm } from './login-form';
import styles from './login.module.css';

export function LoginScreen() {
  return (
    <main className={styles.screen}>
      <div className={styles.card}>
        <div className={styles.brand}>
          <span className={styles.brandMark} aria-hidden="true" />
          Eventline
        </div>
        <h1 className={styles.title}>Sign in</h1>
        <p className={styles.lede}>Kafka cluster console for on-call engineers.</p>
        <LoginForm />
      </div>
      <HealthLine />
    </main>
  );
}

/** Public server health, so a wall display shows what's wrong before anyone signs in. */
function HealthLine() {
  const health = useHealth();
  if (health.isPending) return <p className={styles.health}>Checking the server…</p>;
  if (health.isError || !health.data?.kafka) {
    return (
      <p className={styles.health} data-testid="login-health" data-status="down">
        <span className={`${styles.dot} ${styles.dotDanger}`} /> Eventline server not answering
      </p>
    );
  }
  const { kafka, database } = health.data;
  return (
    <p className={styles.health} data-testid="login-health" data-status={health.data.status}>
      <span className={`${styles.dot} ${kafka.reachable ? styles.dotOk : styles.dotDanger}`} />
      Kafka {kafka.reachable ? 'reachable' : 'unreachable'}
      {kafka.brokers && kafka.brokers.length > 0 && <span className="mono"> · {kafka.brokers.join(', ')}</span>}
      <span className={styles.sep}>|</span>
      <span className={`${styles.dot} ${database.reachable ? styles.dotOk : styles.dotDanger}`} />
      Database {database.reachable ? 'ok' : 'unreachable'} ({database.kind})
    </p>
  );
}
