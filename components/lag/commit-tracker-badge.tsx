import type { CommitTrackerView } from '@/lib/lag-types';

const LABEL: Record<Exclude<CommitTrackerView['state'], 'ready'>, string> = {
  loading: 'commit tracker loading',
  unavailable: 'commit tracker unavailable',
  off: 'commit tracker off',
};

/**
 * Nothing while the commit tracker is ready. Otherwise says so, because until it is a
 * consumer that keeps committing one offset shows as STOP rather than STALL.
 */
export function CommitTrackerBadge({ tracker }: { tracker: CommitTrackerView | undefined }) {
  if (!tracker || tracker.state === 'ready') return null;
  const why = `${tracker.reason ?? LABEL[tracker.state]}. Until the tracker reads __consumer_offsets, a group that keeps committing the same offset shows as STOP, not STALL.`;
  return (
    <span className={tracker.state === 'loading' ? 'badge' : 'badge badge-warn'} title={why} data-testid="commit-tracker">
      {LABEL[tracker.state]}
    </span>
  );
}
