'use client';

import type { ReplayJobView } from '@/lib/replay-types';
import { formatCount, formatRate } from '@/components/format/format';
import { etaText, progressOf, skipReasonText } from './replay-format';

const STATE_BADGE: Record<string, string> = { running: 'badge-accent', paused: 'badge-warn', completed: 'badge-ok', cancelled: 'badge', failed: 'badge-danger' };

export function ReplayStateBadge({ state }: { state: string }) {
  return (
    <span className={`badge ${STATE_BADGE[state] ?? ''}`} data-testid="replay-state">
      {state}
    </span>
  );
}

export function ReplayProgressBar({ job, compact = false }: { job: ReplayJobView; compact?: boolean }) {
  const pct = Math.round(progressOf(job) * 1000) / 10;
  return (
    <div
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
      data-testid="replay-progress"
      style={{ height: compact ? 6 : 12, background: 'var(--surface-2, #e5e7eb)', borderRadius: 6, overflow: 'hidden', minWidth: 120 }}
    >
      <div style={{ width: `${pct}%`, height: '100%', background: job.state === 'failed' ? 'var(--danger, #dc2626)' : 'var(--accent, #2563eb)', transition: 'width 0.3s' }} />
    </div>
  );
}

/** Read, matched, sent, skipped by reason, failed, rate and ETA. */
export function ReplayCounts({ job }: { job: ReplayJobView }) {
  const skipped = Object.entries(job.counts.skipped);
  return (
    <dl className="small" style={{ display: 'grid', gridTemplateColumns: '180px 1fr', gap: '2px 12px', fontVariantNumeric: 'tabular-nums' }} data-testid="replay-counts">
      <dt>Through the source</dt>
      <dd>
        {formatCount(job.progressed)} of {formatCount(job.total)} offsets
      </dd>
      <dt>Read</dt>
      <dd>{formatCount(job.counts.read)}</dd>
      <dt>Matched</dt>
      <dd>{formatCount(job.counts.matched)}</dd>
      <dt>Sent</dt>
      <dd data-testid="replay-sent">
        {formatCount(job.counts.sent)}
      </dd>
      <dt>Skipped</dt>
      <dd>
        {skipped.length === 0
          ? '0'
          : skipped.map(([reason, n]) => (
              <div key={reason}>
                {formatCount(n ?? 0)}: {skipReasonText(reason)}
              </div>
            ))}
      </dd>
      <dt>Failed</dt>
      <dd>{formatCount(job.counts.failed)}</dd>
      <dt>Rate</dt>
      <dd>{job.state === 'running' ? `${formatRate(job.rate)} (limit ${job.options.ratePerSecond === 0 ? 'none' : `${formatCount(job.options.ratePerSecond)}/s`})` : '–'}</dd>
      <dt>Time left</dt>
      <dd>{etaText(job.etaSeconds)}</dd>
      {job.possibleDuplicates > 0 && (
        <>
          <dt>Possible copies</dt>
          <dd>{formatCount(job.possibleDuplicates)} records may have reached the target twice (a batch in flight when the server stopped)</dd>
        </>
      )}
    </dl>
  );
}
