import type { WallDrift } from '@/lib/wall-types';
import { formatCompact } from '@/components/format/format';
import { typeFamily, versionLabel } from '@/lib/type-family';
import styles from './wall.module.css';

function Figure({ label, value, bad, testId }: { label: string; value: string; bad: boolean; testId: string }) {
  return (
    <div className={`${styles.tile} ${bad ? styles.tileBad : ''}`} data-testid={testId} data-bad={bad ? 'true' : 'false'}>
      <div className={styles.tileLabel}>{label}</div>
      <div className={`${styles.tileValue} ${bad ? '' : styles.valueOk}`}>{value}</div>
      <div />
    </div>
  );
}

const KIND_WORD = { added: ['new field', 'new fields'], 'type-changed': ['type change', 'type changes'] } as const;

/** How much the events' shapes drifted lately, and the types that drifted most: names and counts only. */
export function DriftBoard({ drift }: { drift: WallDrift | null }) {
  if (!drift || drift.observedAt === null) {
    return (
      <div className={styles.empty} data-testid="wall-board-drift">
        Reading the event catalog…
      </div>
    );
  }
  return (
    <div className={styles.driftBoard} data-testid="wall-board-drift">
      <div className={styles.driftFigures}>
        <Figure testId="wall-drift-hour" label="Drift, last hour" value={formatCompact(drift.lastHour)} bad={drift.lastHour > 0} />
        <Figure testId="wall-drift-day" label="Drift, last 24 h" value={formatCompact(drift.lastDay)} bad={drift.lastDay > 0} />
        <Figure
          testId="wall-drift-registry"
          label="Off the registered schema"
          value={drift.registryFindings === null ? '—' : formatCompact(drift.registryFindings)}
          bad={(drift.registryFindings ?? 0) > 0}
        />
      </div>
      {drift.worst.length === 0 ? (
        <div className={styles.allClear}>No drift recorded</div>
      ) : (
        <div className={styles.dlqRows}>
          {drift.worst.map((t) => (
            <div key={`${t.eventType}|${t.version}`} className={`${styles.dlqRow} ${t.lastDay > 0 ? styles.dlqRowActive : ''}`} data-testid="wall-drift-type" data-type={t.eventType} data-version={t.version}>
              <div>
                <div className={styles.dlqTopic}>
                  {typeFamily(t.eventType, t.version)} <span className={styles.driftVersion}>{versionLabel(t.version)}</span>
                </div>
                <div className={styles.tileNote}>{t.latestPath ? `latest: ${t.latestPath}` : ''}</div>
              </div>
              <div className={styles.dlqRate} style={{ color: t.lastDay > 0 ? 'var(--wall-bad)' : 'var(--wall-muted)' }}>
                {formatCompact(t.lastDay)}
                <span className={styles.dlqUnit}>last 24 h</span>
              </div>
              <div className={styles.tileNote}>
                {(Object.keys(KIND_WORD) as (keyof typeof KIND_WORD)[])
                  .filter((k) => t.kinds[k])
                  .map((k) => `${t.kinds[k]} ${KIND_WORD[k][t.kinds[k] === 1 ? 0 : 1]}`)
                  .join(' · ') || `${formatCompact(t.total)} in all`}
              </div>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
