'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { ReplaySelection, ReplayTarget } from '@/lib/replay-types';
import { errorMessage } from '@/components/data/api-client';
import { useReplayPreview, useStartReplay } from '@/components/api/use-replays';
import { Dialog } from '@/components/ui/dialog';
import { formatCount } from '@/components/format/format';
import { initialFields, requestOf, type ReplayFormFields } from './replay-form-state';
import { ReplayPreviewView } from './replay-preview-view';

/**
 * Replay or redrive: target and options, a dry run first, then the start (typing the
 * target's name when more than 1,000 records match). On start, opens the job's page.
 */
export function ReplayDialog({
  open,
  onClose,
  title,
  selection,
  defaultTarget,
  targets = ['topic'],
  describe,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  selection: ReplaySelection;
  defaultTarget: ReplayTarget;
  /** Target kinds offered. */
  targets?: ReplayTarget['kind'][];
  /** One line saying what is selected. */
  describe: string;
}) {
  const router = useRouter();
  const [f, setF] = useState<ReplayFormFields>(() => initialFields(defaultTarget));
  const [confirm, setConfirm] = useState('');
  const preview = useReplayPreview();
  const start = useStartReplay();
  const set = <K extends keyof ReplayFormFields>(k: K, v: ReplayFormFields[K]) => {
    setF((old) => ({ ...old, [k]: v }));
    preview.reset();
  };
  const p = preview.data;
  const canStart = p !== undefined && Object.keys(p.perTarget).length > 0 && (!p.confirmationNeeded || confirm === p.confirmationName);

  function runDryRun() {
    setConfirm('');
    preview.mutate(requestOf(selection, f));
  }
  function startJob() {
    start.mutate(requestOf(selection, f, p?.confirmationNeeded ? confirm : undefined), { onSuccess: (job) => router.push(`/replays/${job.id}`) });
  }

  return (
    <Dialog open={open} onClose={onClose} title={title} testId="replay-dialog" wide>
      <div className="dialog-body">
        <p className="small muted">{describe}</p>
        <fieldset className="field">
          <legend className="field-label">Send to</legend>
          {targets.includes('topic') && (
            <label className="small" style={{ display: 'block' }}>
              <input type="radio" name="target" checked={f.targetKind === 'topic'} onChange={() => set('targetKind', 'topic')} /> topic{' '}
              <input className="input mono" style={{ width: 260 }} value={f.targetTopic} onChange={(e) => set('targetTopic', e.target.value)} data-testid="replay-target-topic" placeholder="topic name" />
            </label>
          )}
          {targets.includes('origin') && (
            <label className="small" style={{ display: 'block' }}>
              <input type="radio" name="target" checked={f.targetKind === 'origin'} onChange={() => set('targetKind', 'origin')} data-testid="replay-target-origin" /> the original topic, read from each record&apos;s dead-letter headers
            </label>
          )}
          {targets.includes('source') && (
            <label className="small" style={{ display: 'block' }}>
              <input type="radio" name="target" checked={f.targetKind === 'source'} onChange={() => set('targetKind', 'source')} data-testid="replay-target-source" /> each event&apos;s own topic
            </label>
          )}
        </fieldset>
        {selection.kind === 'range' && (
          <details className="field">
            <summary className="field-label">Filters</summary>
            <div style={{ display: 'grid', gridTemplateColumns: 'auto 1fr', gap: '4px 8px', alignItems: 'center' }} className="small">
              <span>Key starts with</span>
              <input className="input mono" value={f.keyPrefix} onChange={(e) => set('keyPrefix', e.target.value)} />
              <span>Header</span>
              <span>
                <input className="input mono" style={{ width: '45%' }} placeholder="name" value={f.headerName} onChange={(e) => set('headerName', e.target.value)} /> ={' '}
                <input className="input mono" style={{ width: '45%' }} placeholder="value" value={f.headerValue} onChange={(e) => set('headerValue', e.target.value)} />
              </span>
              <span>Event type</span>
              <input className="input mono" value={f.eventType} onChange={(e) => set('eventType', e.target.value)} />
              <span>Correlation id</span>
              <input className="input mono" value={f.correlationId} onChange={(e) => set('correlationId', e.target.value)} />
              <span>CEL</span>
              <input className="input mono" placeholder={'value.status == "DECLINED" && headers["x-tenant"] == "eu"'} value={f.cel} onChange={(e) => set('cel', e.target.value)} data-testid="replay-cel" />
            </div>
          </details>
        )}
        <details className="field">
          <summary className="field-label">Options</summary>
          <div className="small" style={{ display: 'grid', gap: 4 }}>
            <label>
              Rate <input className="input num" style={{ width: 100 }} value={f.rate} onChange={(e) => set('rate', e.target.value)} data-testid="replay-rate" /> messages/s (0 = as fast as possible)
            </label>
            <label>
              Partition:{' '}
              <select className="select" value={f.partitioning} onChange={(e) => set('partitioning', e.target.value as 'key' | 'source')}>
                <option value="key">picked by the key</option>
                <option value="source">the source (or original) partition</option>
              </select>
            </label>
            <label>
              <input type="checkbox" checked={f.dropDeadLetterHeaders} onChange={(e) => set('dropDeadLetterHeaders', e.target.checked)} /> drop dead-letter headers
            </label>
            <label>
              <input type="checkbox" checked={f.newTimestamp} onChange={(e) => set('newTimestamp', e.target.checked)} /> new timestamp (default: the record&apos;s own)
            </label>
            <label>
              Refuse records already replayed <input className="input num" style={{ width: 60 }} value={f.replayLimit} onChange={(e) => set('replayLimit', e.target.value)} /> times
            </label>
          </div>
        </details>
        {preview.error && <p className="alert alert-danger">{errorMessage(preview.error)}</p>}
        {p && <ReplayPreviewView preview={p} />}
        {p?.confirmationNeeded && (
          <label className="field">
            <span className="field-label">
              {formatCount(p.counts.matched)} records: type <span className="mono">{p.confirmationName}</span> to confirm
            </span>
            <input className="input mono" value={confirm} onChange={(e) => setConfirm(e.target.value)} data-testid="replay-confirm" autoComplete="off" spellCheck={false} />
          </label>
        )}
        {start.error && <p className="alert alert-danger">{errorMessage(start.error)}</p>}
      </div>
      <div className="dialog-footer">
        <button type="button" className="btn" onClick={onClose}>
          Close
        </button>
        <button type="button" className="btn" onClick={runDryRun} disabled={preview.isPending} data-testid="replay-dry-run">
          {preview.isPending ? 'Counting…' : 'Dry run'}
        </button>
        <button type="button" className="btn btn-primary" onClick={startJob} disabled={!canStart || start.isPending} data-testid="replay-start">
          {p ? `Send ${formatCount(Object.values(p.perTarget).reduce((a, b) => a + b, 0))}` : 'Start'}
        </button>
      </div>
    </Dialog>
  );
}
