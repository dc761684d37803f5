// Pure shaping of lag data for the groups table and the charts; components only render.
import { LAG_RANGE_MS, type GroupHistory, type GroupLagEvent, type LagStatus } from '../../lib/lag-types';

/** Partition lines drawn at most; the rest are summed into "other partitions". */
export const MAX_PARTITION_LINES = 8;

export function appendToHistory(h: GroupHistory, e: GroupLagEvent): GroupHistory {
  const from = e.point.at - LAG_RANGE_MS[h.range];
  if (h.points.length && h.points[h.points.length - 1]!.at >= e.point.at) return h;
  return {
    ...h,
    points: [...h.points.filter((p) => p.at >= from), e.point],
    partitions: [...h.partitions.filter((p) => p.at >= from), ...e.partitions],
    statusChanges: e.statusChange ? [...h.statusChanges.filter((c) => c.at >= from), e.statusChange] : h.statusChanges,
  };
}

export interface PartitionSeries {
  keys: string[];
  rows: Record<string, number | null>[];
}

/** One row per time with a column per partition ("topic[p]"), the biggest lags first. */
export function buildPartitionSeries(h: GroupHistory): PartitionSeries {
  const peak = new Map<string, number>();
  for (const p of h.partitions) {
    const k = `${p.topic}[${p.partition}]`;
    peak.set(k, Math.max(peak.get(k) ?? 0, p.lag ?? 0));
  }
  const ordered = [...peak].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
  const shown = new Set(ordered.slice(0, MAX_PARTITION_LINES));
  const other = ordered.length > MAX_PARTITION_LINES;
  const byAt = new Map<number, Record<string, number | null>>();
  for (const p of h.partitions) {
    const row = byAt.get(p.at) ?? { at: p.at };
    byAt.set(p.at, row);
    const k = `${p.topic}[${p.partition}]`;
    const key = shown.has(k) ? k : 'other partitions';
    row[key] = (row[key] ?? 0) + (p.lag ?? 0);
  }
  return { keys: [...shown, ...(other ? ['other partitions'] : [])], rows: [...byAt.values()].sort((a, b) => a.at! - b.at!) };
}

/** 0.4 → "0.4 s", 75 → "1 min 15 s", 7300 → "2 h 2 min", null → "—". */
export function formatLagSeconds(s: number | null | undefined): string {
  if (s === null || s === undefined || !Number.isFinite(s)) return '—';
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 60) return `${Math.round(s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s - m * 60)} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m - h * 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

export function statusClass(s: LagStatus): string {
  return s === 'OK' ? 'badge badge-ok' : s === 'WARN' || s === 'REWIND' ? 'badge badge-warn' : 'badge badge-danger';
}
