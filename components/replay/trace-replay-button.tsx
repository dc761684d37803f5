'use client';

import { useState } from 'react';
import type { TraceEvent } from '@/lib/trace-types';
import { roleAtLeast } from '@/lib/session-types';
import { useMe } from '@/components/api/use-me';
import { formatCount } from '@/components/format/format';
import { Dialog } from '@/components/ui/dialog';
import { ReplayDialog } from './replay-dialog';

/**
 * "Replay this trace": tick the events to re-send (all by default; earlier replays left
 * out), then the replay dialog sends them in their original order, each to its own topic.
 */
export function TraceReplayButton({ correlationId, events }: { correlationId: string; events: TraceEvent[] }) {
  const me = useMe();
  const ordered = [...events].sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
  // 'pick' → 'send': closing the picker's native <dialog> fires its close event, which must not end the flow.
  const [step, setStep] = useState<'closed' | 'pick' | 'send'>('closed');
  const [ticked, setTicked] = useState<Set<string>>(new Set());
  if (!me.data || !roleAtLeast(me.data.user.role, 'operator')) return null;
  const chosen = ordered.filter((e) => ticked.has(e.id));
  const open = () => {
    setTicked(new Set(ordered.filter((e) => !e.replayOf).map((e) => e.id)));
    setStep('pick');
  };
  return (
    <div className="page-header-end">
      <button type="button" className="btn btn-primary" onClick={open} data-testid="replay-trace">
        Replay this trace…
      </button>
      <Dialog open={step === 'pick'} onClose={() => setStep((s) => (s === 'pick' ? 'closed' : s))} title="Events to replay" testId="trace-replay-pick" wide>
        <div className="dialog-body" style={{ maxHeight: 360, overflow: 'auto' }}>
          {ordered.map((e) => (
            <label key={e.id} className="small" style={{ display: 'block' }}>
              <input
                type="checkbox"
                checked={ticked.has(e.id)}
                onChange={(x) => {
                  const next = new Set(ticked);
                  if (x.target.checked) next.add(e.id);
                  else next.delete(e.id);
                  setTicked(next);
                }}
              />{' '}
              {e.replayOf && '↺ '}
              <strong>{e.eventType ?? e.eventId}</strong> <span className="mono">{e.topic}/{e.partition}/{e.offset}</span>
            </label>
          ))}
        </div>
        <div className="dialog-footer">
          <button type="button" className="btn" onClick={() => setStep('closed')}>
            Close
          </button>
          <button type="button" className="btn btn-primary" disabled={chosen.length === 0} onClick={() => setStep('send')} data-testid="trace-replay-next">
            Next: {formatCount(chosen.length)} events
          </button>
        </div>
      </Dialog>
      {step === 'send' && (
        <ReplayDialog
          open
          onClose={() => setStep('closed')}
          title="Replay this trace"
          describe={`${formatCount(chosen.length)} events of trace ${correlationId}, in their original order.`}
          selection={{ kind: 'records', records: chosen.map((e) => ({ topic: e.topic, partition: e.partition, offset: Number(e.offset) })), filters: {} }}
          defaultTarget={{ kind: 'source' }}
          targets={['source', 'topic']}
        />
      )}
    </div>
  );
}
