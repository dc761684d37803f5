'use client';

import Link from 'next/link';
import { useState } from 'react';
import type { DeadLetterGroup } from '@/lib/replay-types';
import { roleAtLeast } from '@/lib/session-types';
import { useMe } from '@/components/api/use-me';
import { useDeadLetters } from '@/components/api/use-replays';
import { formatCount, formatDateTime } from '@/components/format/format';
import { ErrorPanel } from '@/components/ui/error-panel';
import { ReplayDialog } from './replay-dialog';

/** A dead-letter topic grouped by original topic, failing group and error, with a redrive per group. */
export function DeadLettersPage({ topic }: { topic: string }) {
  const summary = useDeadLetters(topic);
  const me = useMe();
  const operator = me.data ? roleAtLeast(me.data.user.role, 'operator') : false;
  const [redrive, setRedrive] = useState<DeadLetterGroup | null>(null);
  return (
    <>
      <header className="page-header">
        <div>
          <p className="small muted">
            <Link href="/topics">Topics</Link> / <Link href={`/topics/${encodeURIComponent(topic)}/messages`}>{topic}</Link> / dead letters
          </p>
          <h1 className="page-title">
            Dead letters in <span className="mono">{topic}</span>
          </h1>
          <p className="page-subtitle">Grouped by the topic each record came from, the consumer group that failed, and the error (Spring, Kafka Connect and the demo&apos;s headers).</p>
        </div>
      </header>
      {summary.error && <ErrorPanel error={summary.error} onRetry={() => void summary.refetch()} />}
      {summary.data && (
        <>
          <p className="small muted">
            {formatCount(summary.data.read)} records read{summary.data.partial && ' (stopped at the read limit)'}.
          </p>
          <div className="table-wrap">
            <table className="table" data-testid="dead-letter-groups">
              <thead>
                <tr>
                  <th>Original topic</th>
                  <th>Failed in</th>
                  <th>Error</th>
                  <th className="num">Records</th>
                  <th>First</th>
                  <th>Last</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {summary.data.groups.map((g, i) => (
                  <tr key={i} data-testid="dead-letter-group">
                    <td className="mono">{g.originalTopic ?? <span className="faint">unknown</span>}</td>
                    <td className="mono">{g.consumerGroup ?? <span className="faint">–</span>}</td>
                    <td className="small" title={g.exceptionClass ?? ''}>
                      {g.exceptionMessage ?? <span className="faint">–</span>}
                    </td>
                    <td className="num">{formatCount(g.count)}</td>
                    <td className="small">{formatDateTime(g.firstSeen)}</td>
                    <td className="small">{formatDateTime(g.lastSeen)}</td>
                    <td>
                      {operator && g.originalTopic && (
                        <button type="button" className="btn btn-small btn-primary" onClick={() => setRedrive(g)} data-testid="redrive-group">
                          Redrive these {formatCount(g.count)} to {g.originalTopic}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {redrive && (
        <ReplayDialog
          open
          onClose={() => setRedrive(null)}
          title={`Redrive to ${redrive.originalTopic}`}
          describe={`${formatCount(redrive.count)} dead letters of ${topic} that came from ${redrive.originalTopic}${redrive.consumerGroup ? `, failed in ${redrive.consumerGroup}` : ''}${redrive.exceptionMessage ? `: “${redrive.exceptionMessage}”` : ''}.`}
          selection={{
            kind: 'range',
            topic,
            filters: {
              deadLetter: {
                originalTopic: redrive.originalTopic ?? undefined,
                consumerGroup: redrive.consumerGroup ?? undefined,
                exceptionMessage: redrive.exceptionMessage ?? undefined,
              },
            },
          }}
          defaultTarget={{ kind: 'origin' }}
          targets={['origin', 'topic']}
        />
      )}
    </>
  );
}
