'use client';

import Link from 'next/link';
import { useReplays } from '@/components/api/use-replays';
import { formatClock, formatCount, formatDateTime } from '@/components/format/format';
import { useReplaysLive } from '@/components/realtime/use-replays-live';
import { ErrorPanel } from '@/components/ui/error-panel';
import { ReplayProgressBar, ReplayStateBadge } from './replay-progress';
import { serverParts, sourceText, targetText } from './replay-format';

/** Every replay and redrive job, newest first, live. */
export function ReplaysPage() {
  useReplaysLive();
  const list = useReplays();
  return (
    <>
      <header className="page-header">
        <div>
          <h1 className="page-title">Replays</h1>
          <p className="page-subtitle">Replay and dead-letter redrive jobs. Start one from a topic&apos;s messages, a dead-letter topic or a trace.</p>
        </div>
      </header>
      {list.error && <ErrorPanel error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && (
        <div className="table-wrap">
          <table className="table" data-testid="replays-table">
            <thead>
              <tr>
                <th>Started</th>
                <th>From</th>
                <th>To</th>
                <th>State</th>
                <th>Progress</th>
                <th className="num">Sent</th>
                <th className="num">Skipped</th>
                <th>By</th>
                <th>Server</th>
              </tr>
            </thead>
            <tbody>
              {list.data.jobs.length === 0 && (
                <tr>
                  <td colSpan={9} className="table-empty">
                    No replays yet.
                  </td>
                </tr>
              )}
              {list.data.jobs.map((j) => (
                <tr key={j.id}>
                  <td>
                    <Link href={`/replays/${j.id}`}>{formatDateTime(j.createdAt)}</Link>
                  </td>
                  <td className="mono">{sourceText(j)}</td>
                  <td className="mono">{targetText(j.target)}</td>
                  <td>
                    <ReplayStateBadge state={j.state} />
                  </td>
                  <td>
                    <ReplayProgressBar job={j} compact />
                  </td>
                  <td className="num">{formatCount(j.counts.sent)}</td>
                  <td className="num">{formatCount(Object.values(j.counts.skipped).reduce((a, b) => a + (b ?? 0), 0))}</td>
                  <td>{j.createdBy}</td>
                  <td data-testid="replay-server">
                    <ServerCell job={j} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** The server holding a job, and its lease or that it ran the job last, on two short lines. */
function ServerCell({ job }: { job: Parameters<typeof serverParts>[0] }) {
  const { holder, note } = serverParts(job, Date.now(), formatClock);
  return (
    <>
      <div className="mono small">{holder ?? '–'}</div>
      {note && <div className="small muted">{note}</div>}
    </>
  );
}
