// Id coverage in words and numbers for the topics and traces pages. Pure.
import { coverageRatios, type TopicCoverage } from '../../lib/coverage-types';

/** 0.9834 → "98.3%", 1 → "100%", 0 → "0%"; a share that is not 0 never shows as 0. */
export function formatShare(ratio: number): string {
  if (!Number.isFinite(ratio) || ratio <= 0) return '0%';
  if (ratio >= 1) return '100%';
  const pct = ratio * 100;
  if (pct < 0.1) return '<0.1%';
  if (pct > 99.9) return '>99.9%';
  return `${pct.toFixed(pct < 10 || pct > 90 ? 1 : 0)}%`;
}

/** The tone of a share of events with an id: full is fine, partial warns, none is a gap. */
export function shareTone(ratio: number): 'ok' | 'warn' | 'danger' {
  return ratio >= 0.99 ? 'ok' : ratio > 0 ? 'warn' : 'danger';
}

export interface CoverageCells {
  correlation: string;
  causation: string;
  eventId: string;
  duplicates: string;
  conventions: string;
  /** One line for a tooltip. */
  summary: string;
}

export function coverageCells(c: TopicCoverage): CoverageCells {
  const r = coverageRatios(c);
  const conventions = c.conventions.map((x) => x.name).join(', ') || 'none';
  return {
    correlation: formatShare(r.correlation),
    causation: formatShare(r.causation),
    eventId: formatShare(r.eventId),
    duplicates: c.duplicatesChecked === 0 ? '—' : formatShare(r.duplicates),
    conventions,
    summary: `${c.events} events: correlation id ${formatShare(r.correlation)}, causation id ${formatShare(r.causation)}, event id ${formatShare(r.eventId)}, duplicate ids ${formatShare(r.duplicates)} (estimated from ${c.duplicatesChecked} checked); conventions: ${conventions}`,
  };
}
