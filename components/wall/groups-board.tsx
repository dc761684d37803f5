import type { LagStatus } from '@/lib/lag-types';
import type { WallGroup, WallGroups } from '@/lib/wall-types';
import { formatCompact } from '@/components/format/format';
import { formatLagSeconds } from '@/components/lag/lag-series';
import styles from './wall.module.css';

/** The statuses that need someone now: shown big and red, whatever else is on screen. */
const ALARM: ReadonlySet<LagStatus> = new Set(['STOP', 'STALL', 'ERR']);

const toneOf = (s: LagStatus) => (ALARM.has(s) ? 'var(--wall-bad)' : s === 'OK' ? 'var(--wall-ok)' : 'var(--wall-warn)');

function BadGroup({ g }: { g: WallGroup }) {
  return (
    <div className={styles.badGroup} data-testid="wall-group" data-group={g.groupId} data-status={g.status} data-since={g.statusSince}>
      <div className={styles.badStatus}>{g.status}</div>
      <div className={styles.badName}>{g.groupId}</div>
      <div className={styles.badLag}>
        {g.lagSeconds !== null ? `${formatLagSeconds(g.lagSeconds)} behind` : 'lag unknown'}
        {g.lag !== null ? ` · ${formatCompact(g.lag)} msgs` : ''}
      </div>
    </div>
  );
}

function QuietGroup({ g }: { g: WallGroup }) {
  return (
    <div className={styles.okGroup} data-testid="wall-group" data-group={g.groupId} data-status={g.status} data-since={g.statusSince}>
      <span className={styles.statusWord} style={{ color: toneOf(g.status) }}>
        {g.status}
      </span>
      <span className={styles.name}>{g.groupId}</span>
      <span>{g.lagSeconds !== null ? formatLagSeconds(g.lagSeconds) : '—'}</span>
    </div>
  );
}

/** Every consumer group, worst first (the server sorts): alarms as big red cards, the rest in a compact grid. */
export function GroupsBoard({ groups }: { groups: WallGroups }) {
  const bad = groups.groups.filter((g) => ALARM.has(g.status));
  const rest = groups.groups.filter((g) => !ALARM.has(g.status));
  return (
    <div className={styles.groups} data-testid="wall-board-groups">
      {groups.error ? <div className={styles.staleBanner}>Lag poll failing: {groups.error}</div> : null}
      {bad.length ? (
        <div className={styles.badGroups}>
          {bad.map((g) => (
            <BadGroup key={g.groupId} g={g} />
          ))}
        </div>
      ) : groups.groups.length ? (
        <div className={styles.allClear}>No group stopped or stalled</div>
      ) : (
        <div className={styles.empty}>No consumer groups yet</div>
      )}
      <div className={styles.okGroups}>
        {rest.map((g) => (
          <QuietGroup key={g.groupId} g={g} />
        ))}
      </div>
    </div>
  );
}
