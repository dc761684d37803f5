'use client';

import type { EventPickup } from '@/lib/trace-types';
import { describePickup } from './pickup-format';
import { DrawerFacts } from '@/components/ui/side-drawer';

/** The event drawer's section on which consumer groups picked the event up, and when. */
export function EventPickups({ pickups, eventTimestamp }: { pickups: EventPickup[] | undefined; eventTimestamp: string }) {
  return (
    <section data-testid="event-pickups">
      <h3 className="small muted">Consumer groups</h3>
      {pickups?.length ? (
        <DrawerFacts>
          {pickups.map((p) => (
            <div key={p.groupId} style={{ display: 'contents' }}>
              <dt className="mono">{p.groupId}</dt>
              <dd data-state={p.state}>{describePickup(p, eventTimestamp)}</dd>
            </div>
          ))}
        </DrawerFacts>
      ) : (
        <p className="small muted">No consumer group with lag history reads this partition.</p>
      )}
    </section>
  );
}
