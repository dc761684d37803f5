import type { CatalogConsumer } from '../../lib/catalog-types';
import { worstStatus, type GroupSummary } from '../../lib/lag-types';

/** What the catalog knows of consumer groups: the lag monitor's latest cycle and the flow map's consume rates. */
export interface ConsumerSource {
  groups: () => readonly GroupSummary[];
  /** msg/s a group's committed offsets moved on a topic; null until known. */
  rate?: (groupId: string, topic: string) => number | null;
}

/** The groups that read any of `topics` (Eventline's own left out), most behind first. */
export function consumersOf(topics: readonly string[], source: ConsumerSource): CatalogConsumer[] {
  const wanted = new Set(topics);
  const out: CatalogConsumer[] = [];
  for (const g of source.groups()) {
    if (g.eventline) continue;
    const read = g.topics.filter((t) => wanted.has(t));
    if (!read.length) continue;
    const lags = g.topicLags.filter((t) => wanted.has(t.topic));
    const known = lags.map((l) => l.lag).filter((l): l is number => l !== null);
    const rates = read.map((t) => source.rate?.(g.groupId, t) ?? null).filter((r): r is number => r !== null);
    out.push({
      groupId: g.groupId,
      topics: read.sort(),
      status: lags.length ? worstStatus(lags.map((l) => l.status)) : g.status,
      members: g.members.length,
      lag: known.length ? known.reduce((a, b) => a + b, 0) : null,
      consumeRate: rates.length ? Math.round(rates.reduce((a, b) => a + b, 0) * 1000) / 1000 : null,
    });
  }
  return out.sort((a, b) => (b.lag ?? -1) - (a.lag ?? -1) || a.groupId.localeCompare(b.groupId));
}
