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

/**
 * Which server runs the job, and how long its claim holds: the holder (host:pid:id) and a
 * note ("lease until 14:03:27"). A running job whose lease ran out (its server stopped
 * renewing) waits for another server to take it over. The lease is on the database's clock
 * and `now` on the viewer's, so near the edge this is a hint, not a verdict.
 */
export function serverParts(j: Pick<ReplayJobView, 'state' | 'claimedBy' | 'leaseUntil'>, now: number, clock: (ms: number) => string): { holder: string | null; note: string } {
  if (j.state !== 'running') return { holder: j.claimedBy, note: j.claimedBy ? 'ran it last' : '' };
  if (!j.claimedBy) return { holder: null, note: 'no server holds it: the next one to look takes it over' };
  const until = j.leaseUntil === null ? null : Date.parse(j.leaseUntil);
  if (until === null) return { holder: j.claimedBy, note: '' };
  if (until < now) return { holder: j.claimedBy, note: `lease ran out at ${clock(until)}: another server takes it over` };
  return { holder: j.claimedBy, note: `lease until ${clock(until)}` };
}

/** serverParts in one line, for the job's page. */
export function serverText(j: Pick<ReplayJobView, 'state' | 'claimedBy' | 'leaseUntil'>, now: number, clock: (ms: number) => string): string {
  const { holder, note } = serverParts(j, now, clock);
  if (!holder) return note || '–';
  return note ? `${holder}, ${note}` : holder;
}
