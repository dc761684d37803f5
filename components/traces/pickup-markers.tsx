'use client';

import type { EventPickup } from '@/lib/trace-types';
import { describePickup } from './pickup-format';
import styles from './traces.module.css';

/**
 * The consumer groups' pickups of one event on its waterfall row, at the time each group
 * picked it up. Groups picked up at the same time (one lag sample, or the same commit
 * millisecond) share a marker (coloured as the first, with their count, all named in the
 * tooltip). Estimated and "before" pickups are hollow; groups that have not picked it up
 * yet are a hollow marker at the row's end.
 */
export function PickupMarkers({
  pickups,
  eventTimestamp,
  startMs,
  spanMs,
  colours,
}: {
  pickups: EventPickup[] | undefined;
  eventTimestamp: string;
  startMs: number;
  spanMs: number;
  colours: Map<string, string>;
}) {
  if (!pickups?.length) return null;
  const byTime = new Map<string, EventPickup[]>();
  for (const p of pickups) {
    const key = p.state === 'waiting' ? 'waiting' : `${p.state === 'picked' ? 'solid' : 'hollow'} ${p.at}`;
    byTime.set(key, [...(byTime.get(key) ?? []), p]);
  }
  return (
    <>
      {[...byTime.values()].map((list) => {
        const p = list[0]!;
        const left = p.state === 'waiting' ? 100 : Math.min(100, Math.max(0, ((Date.parse(p.at) - startMs) / spanMs) * 100));
        const colour = colours.get(p.groupId) ?? 'var(--text-muted)';
        return (
          <span
            key={`${p.state} ${p.at} ${p.groupId}`}
            className={styles.pickupAt}
            style={{ left: `${left}%` }}
            title={list.map((x) => `${x.groupId}: ${describePickup(x, eventTimestamp)}`).join('\n')}
            data-testid="pickup-marker"
            data-state={p.state}
            data-groups={list.length}
          >
            <span className={`${styles.pickup} ${p.state === 'picked' ? '' : styles.pickupHollow}`} style={{ borderColor: colour, background: p.state === 'picked' ? colour : 'transparent' }} />
            {list.length > 1 && <span className={styles.pickupCount}>{list.length}</span>}
          </span>
        );
      })}
    </>
  );
}

/** Which colour is which group, and what the marker shapes mean. */
export function PickupLegend({ groups }: { groups: { groupId: string; colour: string }[] }) {
  if (!groups.length) {
    return <p className="small muted">No consumer-group pick-ups: no lag history on these partitions yet (the lag monitor records it).</p>;
  }
  return (
    <p className={`small muted ${styles.legend}`} data-testid="pickup-legend">
      Picked up by:
      {groups.map((g) => (
        <span key={g.groupId} className={styles.legendItem}>
          <span className={styles.pickup} style={{ background: g.colour, borderColor: g.colour }} />
          <span className="mono">{g.groupId}</span>
        </span>
      ))}
      <span>Markers: a number counts the groups at one time · hollow: estimated, or before the lag history · at the row's end: not yet · hover for times</span>
    </p>
  );
}
