import styles from './cluster.module.css';

export type Tone = 'neutral' | 'ok' | 'warn' | 'danger';

/** One big number. A tone other than neutral colours the tile and is stated in data-tone for tests. */
export function StatTile({
  label,
  value,
  note,
  tone = 'neutral',
  testId,
}: {
  label: string;
  value: string;
  note?: string;
  tone?: Tone;
  testId?: string;
}) {
  return (
    <div className={`${styles.tile} ${styles[`tone-${tone}`] ?? ''}`} data-testid={testId} data-tone={tone}>
      <div className={styles.tileLabel}>{label}</div>
      <div className={styles.tileValue}>{value}</div>
      {note && <div className={styles.tileNote}>{note}</div>}
    </div>
  );
}
