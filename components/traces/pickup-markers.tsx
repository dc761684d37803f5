'use client';

import type { EventPickup } from '@/lib/trace-types';
import { describePickup } from './pickup-format';
import styles from './traces.module.css';

/**
 * One marker per consumer group on an event's waterfall row, at the time the group
 * picked the event up. Estimated and "before" pickups are drawn hollow; a group that has
 * not picked it up yet is a hollow marker at the row's end.
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
  return (
    <>
      {pickups.map((p) => {
        const left = p.state === 'waiting' ? 100 : Math.min(100, Math.max(0, ((Date.parse(p.at) - startMs) / spanMs) * 100));
        const colour = colours.get(p.groupId) ?? 'var(--text-muted)';
        return (
          <span
            key={p.groupId}
            className={`${styles.pickup} ${p.state === 'picked' ? '' : styles.pickupHollow}`}
            style={{ left: `${left}%`, borderColor: colour, background: p.state === 'picked' ? colour : 'transparent' }}
            title={`${p.groupId}: ${describePickup(p, eventTimestamp)}`}
            data-testid="pickup-marker"
            data-state={p.state}
          />
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
          <span className={styles.pickup} style={{ position: 'static', display: 'inline-block', background: g.colour, borderColor: g.colour }} />
          <span className="mono">{g.groupId}</span>
        </span>
      ))}
      <span>· hollow: estimated, or read before the lag history begins; at the end: not yet picked up. Hover a marker for the time and delay.</span>
    </p>
  );
}
