'use client';

import Link from 'next/link';
import { useState } from 'react';
import type { MessagePage } from '@/lib/message-types';
import type { ReplaySelection } from '@/lib/replay-types';
import { roleAtLeast } from '@/lib/session-types';
import { useMe } from '@/components/api/use-me';
import { formatCount } from '@/components/format/format';
import { pickedSelection, type Picks } from '@/components/messages/record-picks';
import { ReplayDialog } from './replay-dialog';

/** Names dead-letter topics the way the collector does (server/collector/defaults DLQ_TOPIC). */
export const looksLikeDeadLetterTopic = (topic: string) => /(^|[._-])(dlq|dead[._-]?letter|deadletter)($|[._-])/i.test(topic);

/**
 * The message browser's replay entry points: the records ticked (on any page), the records
 * on this page, or a range of the topic (the partition shown, or all) with filters.
 * Operators only; a dead-letter topic also links to its grouped view.
 */
export function MessageReplayActions({ topic, page, picks, onClearPicks }: { topic: string; page: MessagePage | undefined; picks: Picks; onClearPicks: () => void }) {
  const me = useMe();
  const [open, setOpen] = useState<null | { selection: ReplaySelection; describe: string }>(null);
  const operator = me.data ? roleAtLeast(me.data.user.role, 'operator') : false;
  const dlq = looksLikeDeadLetterTopic(topic);
  const records = page?.records ?? [];
  const range: ReplaySelection = { kind: 'range', topic, partitions: page?.partition != null ? [page.partition] : undefined, filters: {} };
  return (
    <div className="page-header-end">
      {dlq && (
        <Link className="btn" href={`/topics/${encodeURIComponent(topic)}/dead-letters`} data-testid="dead-letters-link">
          Dead letters by origin
        </Link>
      )}
      {operator && picks.size > 0 && (
        <>
          <button type="button" className="btn" onClick={onClearPicks} data-testid="picks-clear">
            Clear ticks
          </button>
          <button
            type="button"
            className="btn btn-primary"
            data-testid="replay-picked"
            onClick={() =>
              setOpen({
                selection: pickedSelection(topic, picks),
                describe: `The ${formatCount(picks.size)} records ticked, oldest first.`,
              })
            }
          >
            Replay selected ({formatCount(picks.size)})
          </button>
        </>
      )}
      {operator && records.length > 0 && picks.size === 0 && (
        <button
          type="button"
          className="btn"
          data-testid="replay-page-records"
          onClick={() =>
            setOpen({
              selection: { kind: 'records', records: records.map((r) => ({ topic, partition: r.partition, offset: r.offset })), filters: {} },
              describe: `The ${formatCount(records.length)} records shown on this page, in this order.`,
            })
          }
        >
          Replay these {formatCount(records.length)}
        </button>
      )}
      {operator && (
        <button
          type="button"
          className={picks.size > 0 ? 'btn' : 'btn btn-primary'}
          data-testid="replay-range"
          onClick={() =>
            setOpen({
              selection: range,
              describe: page?.partition != null ? `Partition ${page.partition} of ${topic}, every record in it now (filters narrow it).` : `Every partition of ${topic}, every record in it now (filters narrow it).`,
            })
          }
        >
          Replay range…
        </button>
      )}
      {open && (
        <ReplayDialog
          open
          onClose={() => setOpen(null)}
          title={`Replay from ${topic}`}
          describe={open.describe}
          selection={open.selection}
          defaultTarget={dlq ? { kind: 'origin' } : { kind: 'topic', topic }}
          targets={dlq ? ['origin', 'topic'] : ['topic']}
        />
      )}
    </div>
  );
}
