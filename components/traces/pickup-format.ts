import type { EventPickup } from '../../lib/trace-types';
import { formatDateTime } from '../format/format';
import { formatDuration } from './trace-format';

/** One colour per consumer group, in the order of the legend (cycled past eight groups). */
export const PICKUP_COLOURS = ['#d97706', '#0891b2', '#7c3aed', '#16a34a', '#db2777', '#2563eb', '#65a30d', '#dc2626'];

/** The consumer groups of a trace's pickups, sorted, each with its colour. */
export function pickupGroups(pickups: Record<string, EventPickup[]>): { groupId: string; colour: string }[] {
  const ids = new Set<string>();
  for (const list of Object.values(pickups)) for (const p of list) ids.add(p.groupId);
  return [...ids].sort().map((groupId, i) => ({ groupId, colour: PICKUP_COLOURS[i % PICKUP_COLOURS.length]! }));
}

/** Time from the event to its pickup, or null when the history cannot say. */
export function pickupDelayMs(p: EventPickup, eventTimestamp: string): number | null {
  if (p.state === 'waiting' || p.state === 'unknown') return null;
  return Math.max(0, Date.parse(p.at) - Date.parse(eventTimestamp));
}

/** A time to the millisecond (lag-sample pickups are seconds apart, commit ones milliseconds): "2026-03-04 14:03:27.412". */
function preciseTime(iso: string): string {
  return `${formatDateTime(iso)}.${String(new Date(iso).getMilliseconds()).padStart(3, '0')}`;
}

/** A pickup in words, honest about what the lag history can and cannot say. */
export function describePickup(p: EventPickup, eventTimestamp: string): string {
  const at = Date.parse(p.at);
  const delay = formatDuration(Math.max(0, at - Date.parse(eventTimestamp)));
  switch (p.state) {
    case 'picked':
      if (p.source === 'commit') return `committed past it ${delay} after the event (commit at ${preciseTime(p.at)})`;
      return `picked up within ${delay} of the event (${p.afterAt ? `between ${preciseTime(p.afterAt)} and` : 'by'} ${preciseTime(p.at)})`;
    case 'estimated':
      return `picked up within ${delay} of the event (by ${preciseTime(p.at)}; estimated from 1-minute lag rollups)`;
    case 'waiting':
      return `not yet picked up (as of ${preciseTime(p.at)})`;
    case 'unknown':
      return `picked up before ${preciseTime(p.at)}; no lag history covering this time`;
  }
}
