'use client';

import Link from 'next/link';
import { FINISHED_STATES } from '@/lib/replay-types';
import { roleAtLeast } from '@/lib/session-types';
import { errorMessage } from '@/components/data/api-client';
import { useMe } from '@/components/api/use-me';
import { useReplay, useReplayAction } from '@/components/api/use-replays';
import { formatClock, formatDateTime } from '@/components/format/format';
import { useReplayLive } from '@/components/realtime/use-replays-live';
import { ErrorPanel } from '@/components/ui/error-panel';
import { ReplayCounts, ReplayProgressBar, ReplayStateBadge } from './replay-progress';
import { serverText, sourceText, targetText } from './replay-format';

/** One replay job, live: progress, counts, and pause / resume / cancel for operators. */
export function ReplayJobPage({ id }: { id: string }) {
  useReplayLive(id);
  const job = useReplay(id);
  const me = useMe();
  const action = useReplayAction(id);
  if (job.error) return <ErrorPanel error={job.error} title="Could not load this replay" onRetry={() => void job.refetch()} />;
  if (!job.data) return <p className="muted">Loading…</p>;
  const j = job.data;
  const operator = me.data ? roleAtLeast(me.data.user.role, 'operator') : false;
  const finished = FINISHED_STATES.includes(j.state);
  return (
    <>
      <header className="page-header">
        <div>
          <p className="small muted">
            <Link href="/replays">Replays</Link> / <span className="mono">{j.id.slice(0, 8)}</span>
          </p>
          <h1 className="page-title">
            {sourceText(j)} → <span className="mono">{targetText(j.target)}</span> <ReplayStateBadge state={j.state} />
          </h1>
          <p className="page-subtitle">
            Started by {j.createdBy} at {formatDateTime(j.createdAt)}
            {j.finishedAt && `, ended ${formatDateTime(j.finishedAt)}`}
            {j.lastActionBy && ` · last paused, resumed or cancelled by ${j.lastActionBy}`}
          </p>
          <p className="small muted" data-testid="replay-server">
            Server: <span className="mono">{serverText(j, Date.now(), formatClock)}</span>
          </p>
        </div>
        {operator && !finished && (
          <div className="page-header-end">
            {j.state === 'running' && (
              <button type="button" className="btn" onClick={() => action.mutate('pause')} disabled={action.isPending} data-testid="replay-pause">
                Pause
              </button>
            )}
            {j.state === 'paused' && (
              <button type="button" className="btn btn-primary" onClick={() => action.mutate('resume')} disabled={action.isPending} data-testid="replay-resume">
                Resume
              </button>
            )}
            <button type="button" className="btn btn-danger" onClick={() => action.mutate('cancel')} disabled={action.isPending} data-testid="replay-cancel">
              Cancel
            </button>
          </div>
        )}
        {operator && j.state === 'failed' && (
          <div className="page-header-end">
            <button type="button" className="btn btn-primary" onClick={() => action.mutate('resume')} data-testid="replay-resume">
              Retry from the checkpoint
            </button>
          </div>
        )}
      </header>
      {action.error && <p className="alert alert-danger">{errorMessage(action.error)}</p>}
      {j.error && <p className="alert alert-danger">Stopped: {j.error}</p>}
      <section className="panel" style={{ padding: 16, marginBottom: 16 }}>
        <ReplayProgressBar job={j} />
        <div style={{ marginTop: 12 }}>
          <ReplayCounts job={j} />
        </div>
      </section>
      <section className="panel" style={{ padding: 16, marginBottom: 16 }}>
        <h2 className="panel-title">Selection</h2>
        <pre className="mono small" style={{ whiteSpace: 'pre-wrap' }}>
          {JSON.stringify({ selection: j.selection, target: j.target, options: j.options }, null, 2)}
        </pre>
      </section>
    </>
  );
}
