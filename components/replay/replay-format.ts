import type { ReplayJobView, ReplayTarget } from '@/lib/replay-types';

const SKIP_REASONS: Record<string, string> = {
  'replay-limit': 'already replayed as often as the limit allows',
  'no-origin': 'no readable original topic in the dead-letter headers',
  'no-origin-partition': 'no readable original partition',
  'source-gone': 'no longer in the log (deleted by retention before the job read them)',
};

export const skipReasonText = (reason: string) => SKIP_REASONS[reason] ?? reason;

export function targetText(t: ReplayTarget): string {
  if (t.kind === 'topic') return t.topic;
  return t.kind === 'origin' ? 'original topics' : 'their own topics';
}

export function sourceText(j: Pick<ReplayJobView, 'selection'>): string {
  const s = j.selection;
  if (s.kind === 'records') return `${s.records.length} picked record${s.records.length === 1 ? '' : 's'}`;
  return s.partitions ? `${s.topic} [${s.partitions.join(', ')}]` : s.topic;
}

/** 0..1: how far the job is through its source. */
export const progressOf = (j: Pick<ReplayJobView, 'progressed' | 'total'>) => (j.total === 0 ? 1 : Math.min(1, j.progressed / j.total));

export function etaText(seconds: number | null): string {
  if (seconds === null) return '–';
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
