'use client';

import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, errorMessage } from '@/components/data/api-client';
import { useCreateTopic } from '@/components/api/use-topics';
import { Dialog } from '@/components/ui/dialog';
import { createTopicSchema, defaultReplicationFactor, fieldErrors, type FieldErrors } from '@/lib/create-topic-schema';

export function CreateTopicDialog({
  open,
  onClose,
  brokerCount,
}: {
  open: boolean;
  onClose: () => void;
  brokerCount: number | null;
}) {
  const create = useCreateTopic();
  const [errors, setErrors] = useState<FieldErrors>({});

  function close() {
    setErrors({});
    create.reset();
    onClose();
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = createTopicSchema(brokerCount).safeParse(Object.fromEntries(form));
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setErrors({});
    create.mutate(parsed.data, {
      onSuccess: close,
      onError: (error) => {
        if (error instanceof ApiError && error.status === 409) setErrors({ name: error.message });
      },
    });
  }

  const serverError = create.error && !(create.error instanceof ApiError && create.error.status === 409);

  return (
    <Dialog open={open} onClose={close} title="Create topic" testId="create-topic-dialog">
      <form onSubmit={onSubmit} noValidate>
        <div className="dialog-body">
          <Field label="Name" error={errors.name} hint="Letters, digits, “.”, “_” and “-”">
            <input
              className="input mono"
              name="name"
              autoFocus
              autoComplete="off"
              spellCheck={false}
              aria-invalid={!!errors.name || undefined}
              data-testid="topic-name-input"
            />
          </Field>
          <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 12 }}>
            <Field label="Partitions" error={errors.partitions}>
              <input
                className="input num"
                style={{ textAlign: 'left' }}
                name="partitions"
                type="number"
                min={1}
                defaultValue={3}
                aria-invalid={!!errors.partitions || undefined}
                data-testid="topic-partitions-input"
              />
            </Field>
            <Field
              label="Replication factor"
              error={errors.replicationFactor}
              hint={brokerCount ? `${brokerCount} broker${brokerCount === 1 ? '' : 's'} available` : undefined}
            >
              <input
                className="input num"
                style={{ textAlign: 'left' }}
                name="replicationFactor"
                type="number"
                min={1}
                max={brokerCount ?? undefined}
                defaultValue={defaultReplicationFactor(brokerCount)}
                aria-invalid={!!errors.replicationFactor || undefined}
                data-testid="topic-rf-input"
              />
            </Field>
          </div>
          {serverError && (
            <p className="alert alert-danger" role="alert" data-testid="create-topic-error">
              {errorMessage(create.error)}
            </p>
          )}
        </div>
        <div className="dialog-footer">
          <button type="button" className="btn btn-ghost" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={create.isPending} data-testid="create-topic-submit">
            {create.isPending ? 'Creating…' : 'Create topic'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function Field({
  label,
  error,
  hint,
  children,
}: {
  label: string;
  error?: string;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      {children}
      {error ? <span className="field-error">{error}</span> : hint ? <span className="field-hint">{hint}</span> : null}
    </label>
  );
}
