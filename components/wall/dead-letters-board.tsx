import type { WallDeadLetters } from '@/lib/wall-types';
import { formatCompact } from '@/components/format/format';
import { Sparkline } from './sparkline';
import styles from './wall.module.css';

/** Records per minute going into each dead-letter topic now, with the last half hour as a sparkline. */
export function DeadLettersBoard({ deadLetters }: { deadLetters: WallDeadLetters }) {
  if (!deadLetters.topics.length) {
    return (
      <div className={styles.empty} data-testid="wall-board-dlq">
        No dead-letter topics in this cluster
      </div>
    );
  }
  return (
    <div className={styles.dlqRows} data-testid="wall-board-dlq">
      {deadLetters.topics.map((t) => {
        const active = (t.perMinute ?? 0) > 0;
        return (
          <div key={t.topic} className={`${styles.dlqRow} ${active ? styles.dlqRowActive : ''}`} data-testid="wall-dlq" data-topic={t.topic}>
            <div>
              <div className={styles.dlqTopic}>{t.topic}</div>
              <div className={styles.tileNote}>{formatCompact(t.messages)} held</div>
            </div>
            <div className={styles.dlqRate} style={{ color: active ? 'var(--wall-bad)' : 'var(--wall-ok)' }}>
              {t.perMinute === null ? '—' : formatCompact(t.perMinute)}
              <span className={styles.dlqUnit}>per minute</span>
            </div>
            <Sparkline className={styles.spark} points={t.spark} color={active ? '#ff5c52' : '#3fcf7a'} />
          </div>
        );
      })}
    </div>
  );
}
