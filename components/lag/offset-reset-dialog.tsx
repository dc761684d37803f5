'use client';

import { useState, type FormEvent } from 'react';
import type { GroupDetail } from '@/lib/lag-types';
import { errorMessage } from '@/components/data/api-client';
import { useOffsetReset, useOffsetResetPreview } from '@/components/api/use-offset-reset';
import { Dialog } from '@/components/ui/dialog';
import { OffsetResetFields } from './offset-reset-fields';
import { initialResetForm, resetRequestOf, type OffsetResetForm } from './offset-reset-form';
import { OffsetResetPreview } from './offset-reset-preview';

/**
 * Reset a group's offsets in two steps: Preview asks the server what would move (nothing
 * is written), Reset writes exactly that request. Any change to the form drops the preview.
 */
export function OffsetResetDialog({ group, open, onClose }: { group: GroupDetail; open: boolean; onClose: () => void }) {
  const [form, setForm] = useState<OffsetResetForm>(initialResetForm);
  const [formError, setFormError] = useState<string | null>(null);
  const preview = useOffsetResetPreview(group.groupId);
  const reset = useOffsetReset(group.groupId);
  const built = resetRequestOf(form, group.partitions);

  function change(next: OffsetResetForm) {
    setForm(next);
    setFormError(null);
    preview.reset();
    reset.reset();
  }

  function close() {
    change(initialResetForm);
    onClose();
  }

  function onPreview(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if ('error' in built) return setFormError(built.error);
    preview.mutate(built.request);
  }

  function onConfirm() {
    if ('error' in built || !preview.data) return;
    reset.mutate(built.request, { onSuccess: close });
  }

  const error = preview.error ?? reset.error;
  return (
    <Dialog open={open} onClose={close} title={`Reset offsets of ${group.groupId}`} testId="reset-offsets-dialog" wide>
      <form onSubmit={onPreview} noValidate>
        <div className="dialog-body">
          <OffsetResetFields form={form} topics={group.topics} partitions={group.partitions} onChange={change} />
          {formError && <span className="field-error">{formError}</span>}
          {preview.data && (
            <>
              <OffsetResetPreview plan={preview.data} />
              <p className="alert alert-warn">
                The group&apos;s consumers will start from the new offsets: messages before them are skipped, messages after
                them are read (again).
              </p>
            </>
          )}
          {error && (
            <p className="alert alert-danger" role="alert" data-testid="reset-offsets-error">
              {errorMessage(error)}
            </p>
          )}
        </div>
        <div className="dialog-footer">
          <button type="button" className="btn btn-ghost" onClick={close}>
            Cancel
          </button>
          {preview.data ? (
            <button type="button" className="btn btn-danger" onClick={onConfirm} disabled={reset.isPending} data-testid="reset-offsets-confirm">
              {reset.isPending ? 'Resetting…' : `Reset ${preview.data.partitions.length} partition${preview.data.partitions.length === 1 ? '' : 's'}`}
            </button>
          ) : (
            <button type="submit" className="btn btn-primary" disabled={preview.isPending} data-testid="reset-offsets-preview">
              {preview.isPending ? 'Previewing…' : 'Preview'}
            </button>
          )}
        </div>
      </form>
    </Dialog>
  );
}
