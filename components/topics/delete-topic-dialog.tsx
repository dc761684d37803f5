'use client';

import { useState, type FormEvent } from 'react';
import { errorMessage } from '@/components/data/api-client';
import { useDeleteTopic } from '@/components/api/use-topics';
import { Dialog } from '@/components/ui/dialog';

/** Deleting a topic loses its data for good: the admin types the name to confirm. */
export function DeleteTopicDialog({ name, onClose }: { name: string | null; onClose: () => void }) {
  const remove = useDeleteTopic();
  const [typed, setTyped] = useState('');

  function close() {
    setTyped('');
    remove.reset();
    onClose();
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (name === null || typed !== name) return;
    remove.mutate(name, { onSuccess: close });
  }

  return (
    <Dialog open={name !== null} onClose={close} title="Delete topic" testId="delete-topic-dialog">
      <form onSubmit={onSubmit}>
        <div className="dialog-body">
          <p className="alert alert-danger">
            This deletes <strong className="mono">{name}</strong> and every message in it. Producers and consumers of this
            topic will fail. This cannot be undone.
          </p>
          <label className="field">
            <span className="field-label">Type the topic name to confirm</span>
            <input
              className="input mono"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              autoFocus
              autoComplete="off"
              spellCheck={false}
              data-testid="delete-topic-confirm-input"
            />
          </label>
          {remove.error && (
            <p className="alert alert-danger" role="alert" data-testid="delete-topic-error">
              {errorMessage(remove.error)}
            </p>
          )}
        </div>
        <div className="dialog-footer">
          <button type="button" className="btn btn-ghost" onClick={close}>
            Cancel
          </button>
          <button
            type="submit"
            className="btn btn-danger"
            disabled={typed !== name || remove.isPending}
            data-testid="delete-topic-submit"
          >
            {remove.isPending ? 'Deleting…' : 'Delete topic'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
